using System.Collections.Concurrent;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>Collects what stages report during a run: CRCs per plane and frame, files written, stream properties.</summary>
internal sealed class RunRecorder
{
    private readonly ConcurrentDictionary<string, long[]> _crcs = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _outputs = new();
    private readonly ConcurrentDictionary<string, string> _published = new(StringComparer.Ordinal);
    private readonly int _frames;
    private int _framesDone;

    public RunRecorder(int frames) => _frames = frames;

    /// <summary>Frames the last stage has finished (progress).</summary>
    public int FramesDone => Volatile.Read(ref _framesDone);

    public void FrameDone() => Interlocked.Increment(ref _framesDone);

    public void ReportCrc(string plane, int frame, uint crc)
    {
        if ((uint)frame >= (uint)_frames)
        {
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"frame outside 0 to {_frames - 1}");
        }

        _crcs.GetOrAdd(plane, _ => NewCrcRow())[frame] = crc;
    }

    public void ReportOutput(string path) => _outputs.Enqueue(path);

    public void Publish(string name, string value) => _published[name] = value;

    public string? Published(string name) => _published.GetValueOrDefault(name);

    public IReadOnlyList<string> Outputs => [.. _outputs];

    /// <summary>CRCs as 8 hex digits, per plane, in frame order, for the frames each plane saw (a late plane starts later).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Crcs() =>
        _crcs.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(
            p => p.Key,
            p => (IReadOnlyList<string>)p.Value.Where(c => c >= 0)
                .Select(c => ((uint)c).ToString("x8", System.Globalization.CultureInfo.InvariantCulture)).ToArray(),
            StringComparer.Ordinal);

    private long[] NewCrcRow()
    {
        var row = new long[_frames];
        Array.Fill(row, -1);
        return row;
    }
}
