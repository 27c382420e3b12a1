using Microsoft.Extensions.Logging;
using PluggableDmaBuf.Pipeline;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>
/// The host's <see cref="IStageContext"/> for one stage of one run. Each declared value has its row of
/// one entry per frame, made before the run, so that <see cref="Record"/> allocates nothing.
/// </summary>
internal sealed class StageContext : IStageContext
{
    private readonly PipelineStage _stage;
    private readonly RunRecorder _recorder;
    private readonly StageValueRows _rows;

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
        _rows = new StageValueRows(stage, frames);
        recorder.Add(this);
    }

    public string StageId => _stage.Id;

    /// <summary>The stage's declared values, read once: the rows follow this order.</summary>
    public IReadOnlyList<StageValue> Values => _rows.Values;

    public int Frames { get; }

    public StreamCaps DefaultCaps { get; }

    public string OutputDirectory { get; }

    public StageOptions Options { get; }

    public LinkCaps? InputCaps { get; set; }

    public LinkCaps? OutputCaps { get; set; }

    public ILogger Logger { get; }

    public void ReportOutput(string path) => _recorder.ReportOutput(path);

    public void Record(StageValue value, int frame, long number) => _rows.Record(value, frame, number);

    /// <summary>The values recorded for <paramref name="index"/> of <see cref="Values"/>, in frame order, for the frames the stage saw.</summary>
    public IEnumerable<long> Recorded(int index)
    {
        for (var frame = 0; frame < Frames; frame++)
        {
            if (_rows.At(index, frame) is { } number)
            {
                yield return number;
            }
        }
    }
}
