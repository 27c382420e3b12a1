namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>
/// A resolved pipeline: its elements (stages with bound options), the links between them as
/// producer → consumer pairs (a producer with several consumers feeds them from one pool), and the
/// run's settings (<paramref name="CopyBetweenStages"/>: the copy baseline, each link copying every frame
/// into a buffer of each consumer's own). Built from a pipeline description by <see cref="PlanBuilder"/>, or directly by a test.
/// </summary>
internal sealed record PipelinePlan(
    IReadOnlyList<PlanElement> Elements,
    IReadOnlyList<PlanLink> Links,
    StreamCaps DefaultCaps,
    int Frames,
    int LinkDepth,
    TimeSpan StallTimeout,
    string OutputDirectory,
    bool CopyBetweenStages = false);

/// <summary>One element: a stage instance for this run, its bound options, and <c>start-at</c> for a late consumer.</summary>
internal sealed record PlanElement(PipelineStage Stage, StageOptions Options, int? StartAt = null);

/// <summary>
/// A link from element <see cref="Producer"/>'s output to element <see cref="Consumer"/>'s input (indices into <see cref="PipelinePlan.Elements"/>).
/// A class rather than a struct: the runner's LINQ over the links then shares the framework's precompiled code instead
/// of JIT-compiling some 45 generic instantiations over the struct at each start.
/// </summary>
internal sealed record PlanLink(int Producer, int Consumer);
