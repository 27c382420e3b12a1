using Microsoft.Extensions.Logging;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>
/// The host's <see cref="IStageContext"/> for one stage of one run. Each declared value has its row of
/// one entry per frame, made before the run, so that <see cref="Record"/> allocates nothing.
/// </summary>
internal sealed class StageContext : IStageContext
{
    private const long Unset = long.MinValue;
    private readonly PipelineStage _stage;
    private readonly RunRecorder _recorder;
    private readonly long[][] _rows;

    public StageContext(PipelineStage stage, int frames, StreamCaps defaultCaps, string outputDirectory, StageOptions options,
        RunRecorder recorder, ILogger logger)
    {
        _stage = stage;
        _recorder = recorder;
        Frames = frames;
        DefaultCaps = defaultCaps;
        OutputDirectory = outputDirectory;
        Options = options;
        Logger = logger;
        Values = [.. stage.Values];
        _rows = new long[Values.Count][];
        for (var i = 0; i < _rows.Length; i++)
        {
            _rows[i] = new long[frames];
            Array.Fill(_rows[i], Unset);
        }

        recorder.Add(this);
    }

    public string StageId => _stage.Id;

    /// <summary>The stage's declared values, read once: the rows follow this order.</summary>
    public IReadOnlyList<StageValue> Values { get; }

    public int Frames { get; }

    public StreamCaps DefaultCaps { get; }

    public string OutputDirectory { get; }

    public StageOptions Options { get; }

    public LinkCaps? InputCaps { get; set; }

    public LinkCaps? OutputCaps { get; set; }

    public ILogger Logger { get; }

    public void ReportOutput(string path) => _recorder.ReportOutput(path);

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

    /// <summary>The values recorded for <paramref name="index"/> of <see cref="Values"/>, in frame order, for the frames the stage saw.</summary>
    public IEnumerable<long> Recorded(int index)
    {
        foreach (var number in _rows[index])
        {
            if (number != Unset)
            {
                yield return number;
            }
        }
    }
}
