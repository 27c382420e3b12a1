using System.Collections.Concurrent;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>Collects what stages report during a run: their declared values per frame, and files written.</summary>
internal sealed class RunRecorder
{
    private readonly ConcurrentDictionary<(PipelineStage Stage, StageValue Value), long[]> _values = new();
    private readonly ConcurrentQueue<string> _outputs = new();
    private readonly int _frames;
    private int _framesDone;

    public RunRecorder(int frames) => _frames = frames;

    /// <summary>Frames the last stage has finished (progress).</summary>
    public int FramesDone => Volatile.Read(ref _framesDone);

    public void FrameDone() => Interlocked.Increment(ref _framesDone);

    public void Record(PipelineStage stage, StageValue value, int frame, long number)
    {
        if ((uint)frame >= (uint)_frames)
        {
            throw new ArgumentException($"{stage.Id} recorded {value.Name} for frame {frame}, outside 0 to {_frames - 1}", nameof(frame));
        }

        if (!stage.Values.Contains(value))
        {
            throw new ArgumentException($"{stage.Id} recorded '{value.Name}', which it does not declare in Values", nameof(value));
        }

        _values.GetOrAdd((stage, value), _ => NewRow())[frame] = number;
    }

    public void ReportOutput(string path) => _outputs.Enqueue(path);

    public IReadOnlyList<string> Outputs => [.. _outputs];

    /// <summary>
    /// Values by <c>device:stage name</c>, formatted as each declares, in frame order, for the frames the
    /// stage saw (a late consumer starts later).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Values() =>
        _values.OrderBy(p => $"{p.Key.Stage.Id} {p.Key.Value.Name}", StringComparer.Ordinal).ToDictionary(
            p => $"{p.Key.Stage.Id} {p.Key.Value.Name}",
            p => (IReadOnlyList<string>)p.Value.Where(v => v != Unset).Select(v => Format(p.Key.Value, v)).ToArray(),
            StringComparer.Ordinal);

    private const long Unset = long.MinValue;

    private static string Format(StageValue value, long number) => value.Format switch
    {
        StageValueFormat.Hex32 => ((uint)number).ToString("x8", System.Globalization.CultureInfo.InvariantCulture),
        _ => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private long[] NewRow()
    {
        var row = new long[_frames];
        Array.Fill(row, Unset);
        return row;
    }
}
