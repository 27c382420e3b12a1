using PluggableDmaBuf.Core.Accounting;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>What a run came to: whether every frame was processed, the first failure, timings, the buffers as they were at the end, and the preview.</summary>
internal sealed record RunOutcome(bool Completed, Exception? Failure, TimeSpan Elapsed, int Width, int Height,
    IReadOnlyList<BufferInfo> Buffers, PreviewOutcome? Preview, RunRecorder Recorder);
