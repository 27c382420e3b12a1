using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PluggableDmaBuf.Testing.Harness;

/// <summary>
/// The harness's <see cref="IStageContext"/>, checking what the host checks: a recorded value must be
/// declared and its frame inside the run. Rows are made up front so that recording allocates nothing.
/// </summary>
internal sealed class HarnessStageContext : IStageContext
{
    private const long Unset = long.MinValue;
    private readonly PipelineStage _stage;
    private readonly long[][] _rows;
    private readonly List<string> _outputs;

    public HarnessStageContext(PipelineStage stage, int frames, StreamCaps defaultCaps, string outputDirectory, StageOptions options,
        ILogger? logger, List<string> outputs)
    {
        _stage = stage;
        _outputs = outputs;
        Frames = frames;
        DefaultCaps = defaultCaps;
        OutputDirectory = outputDirectory;
        Options = options;
        Logger = logger ?? NullLogger.Instance;
        Values = [.. stage.Values];
        _rows = new long[Values.Count][];
        for (var i = 0; i < _rows.Length; i++)
        {
            _rows[i] = new long[frames];
            Array.Fill(_rows[i], Unset);
        }
    }

    public IReadOnlyList<StageValue> Values { get; }

    public int Frames { get; }

    public StreamCaps DefaultCaps { get; }

    public string OutputDirectory { get; }

    public StageOptions Options { get; }

    public LinkCaps? InputCaps { get; set; }

    public LinkCaps? OutputCaps { get; set; }

    public ILogger Logger { get; }

    public void ReportOutput(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        lock (_outputs)
        {
            _outputs.Add(path);
        }
    }

    public void Record(StageValue value, int frame, long number)
    {
        ArgumentNullException.ThrowIfNull(value);
        if ((uint)frame >= (uint)Frames)
        {
            throw new ArgumentException($"{_stage.Id} recorded {value.Name} for frame {frame}, outside 0 to {Frames - 1}", nameof(frame));
        }

        for (var i = 0; i < _rows.Length; i++)
        {
            if (ReferenceEquals(Values[i], value))
            {
                _rows[i][frame] = number;
                return;
            }
        }

        throw new ArgumentException($"{_stage.Id} recorded '{value.Name}', which it does not declare in Values", nameof(value));
    }

    /// <summary>The recorded values by declared value, frame by frame (<c>null</c> where none was recorded).</summary>
    public Dictionary<StageValue, long?[]> Recorded()
    {
        var recorded = new Dictionary<StageValue, long?[]>();
        for (var i = 0; i < _rows.Length; i++)
        {
            recorded[Values[i]] = [.. _rows[i].Select(n => n == Unset ? (long?)null : n)];
        }

        return recorded;
    }
}
