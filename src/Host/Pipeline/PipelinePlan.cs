namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>A resolved pipeline: the chain of stages, the optional late preview stage on the first link, and the run's settings.</summary>
internal sealed record PipelinePlan(
    IReadOnlyList<PipelineStage> Stages,
    PipelineStage? Preview,
    int? PreviewAt,
    int Width,
    int Height,
    int Frames,
    int LinkDepth,
    TimeSpan StallTimeout,
    string OutputDirectory,
    IReadOnlyDictionary<PipelineStage, StageOptions> Options);
