using Microsoft.Extensions.Logging;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>The host's <see cref="IStageContext"/> for one stage of one run.</summary>
internal sealed class StageContext(PipelineStage stage, int frames, StreamCaps defaultCaps, string outputDirectory,
    StageOptions options, RunRecorder recorder, ILogger logger) : IStageContext
{
    public int Frames { get; } = frames;

    public StreamCaps DefaultCaps { get; } = defaultCaps;

    public string OutputDirectory { get; } = outputDirectory;

    public StageOptions Options { get; } = options;

    public LinkCaps? InputCaps { get; set; }

    public LinkCaps? OutputCaps { get; set; }

    public ILogger Logger { get; } = logger;

    public void ReportOutput(string path) => recorder.ReportOutput(path);

    public void Record(StageValue value, int frame, long number) => recorder.Record(stage, value, frame, number);
}
