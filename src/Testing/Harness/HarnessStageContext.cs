using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PluggableDmaBuf.Pipeline;

namespace PluggableDmaBuf.Testing.Harness;

/// <summary>
/// The harness's <see cref="IStageContext"/>, checking what the host checks: a recorded value must be
/// declared and its frame inside the run. Rows are made up front so that recording allocates nothing.
/// </summary>
internal sealed class HarnessStageContext : IStageContext
{
    private readonly StageValueRows _rows;
    private readonly List<string> _outputs;

    public HarnessStageContext(PipelineStage stage, int frames, StreamCaps defaultCaps, string outputDirectory, StageOptions options,
        ILogger? logger, List<string> outputs)
    {
        _outputs = outputs;
        Frames = frames;
        DefaultCaps = defaultCaps;
        OutputDirectory = outputDirectory;
        Options = options;
        Logger = logger ?? NullLogger.Instance;
        _rows = new StageValueRows(stage, frames);
    }

    public IReadOnlyList<StageValue> Values => _rows.Values;

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

    public void Record(StageValue value, int frame, long number) => _rows.Record(value, frame, number);

    /// <summary>The recorded values by declared value, frame by frame (<c>null</c> where none was recorded).</summary>
    public Dictionary<StageValue, long?[]> Recorded()
    {
        var recorded = new Dictionary<StageValue, long?[]>();
        for (var i = 0; i < Values.Count; i++)
        {
            var row = new long?[Frames];
            for (var frame = 0; frame < row.Length; frame++)
            {
                row[frame] = _rows.At(i, frame);
            }

            recorded[Values[i]] = row;
        }

        return recorded;
    }
}
