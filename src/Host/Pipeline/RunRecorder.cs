using System.Collections.Concurrent;
using System.Globalization;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>
/// Collects what a run produced: the stages' declared values per frame (through their contexts), the
/// files they wrote, and the progress of the sinks the frame count follows.
/// </summary>
internal sealed class RunRecorder
{
    private readonly List<StageContext> _contexts = [];
    private readonly ConcurrentQueue<string> _outputs = new();
    private int[] _sinkFrames = [];

    /// <summary>Frames every counted sink has finished (progress, and the report's frame count).</summary>
    public int FramesDone
    {
        get
        {
            var sinks = Volatile.Read(ref _sinkFrames);
            if (sinks.Length == 0)
            {
                return 0;
            }

            var done = int.MaxValue;
            for (var i = 0; i < sinks.Length; i++)
            {
                done = Math.Min(done, Volatile.Read(ref sinks[i]));
            }

            return done;
        }
    }

    public IReadOnlyList<string> Outputs => [.. _outputs];

    public void Add(StageContext context) => _contexts.Add(context);

    /// <summary>Sets how many sinks the frame count follows; each reports through <see cref="FrameDone"/> with its index.</summary>
    public void CountSinks(int count) => Volatile.Write(ref _sinkFrames, new int[count]);

    public void FrameDone(int sink) => Interlocked.Increment(ref _sinkFrames[sink]);

    public void ReportOutput(string path) => _outputs.Enqueue(path);

    /// <summary>
    /// Values by <c>device:stage name</c>, in stage then value name order, formatted as each declares, in
    /// frame order for the frames the stage saw (a late consumer starts later).
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Values()
    {
        var values = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var context in _contexts)
        {
            for (var i = 0; i < context.Values.Count; i++)
            {
                var value = context.Values[i];
                string[] recorded = [.. context.Recorded(i).Select(v => Format(value, v))];
                if (recorded.Length > 0)
                {
                    values[$"{context.StageId} {value.Name}"] = recorded;
                }
            }
        }

        return values;
    }

    private static string Format(StageValue value, long number) => value.Format switch
    {
        StageValueFormat.Hex32 => ((uint)number).ToString("x8", CultureInfo.InvariantCulture),
        _ => number.ToString(CultureInfo.InvariantCulture),
    };
}
