using PluggableDmaBuf.Core.Accounting;
using PluggableDmaBuf.Host.Pipeline.Links;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>
/// What a run came to: whether every frame was processed, the first failure, timings, the first
/// source's frame size, the buffers as they were at the end, the late consumers' joins, and the
/// managed bytes the stage threads allocated per frame in the steady state (see <see cref="AllocationWindow"/>),
/// and the bytes the links copied between stages (the copy baseline; 0 when they share, and then also
/// counted in <see cref="Buffers"/>' <see cref="BufferInfo.BytesCopied"/>), and each stage's busy and wait time
/// in the steady state.
/// </summary>
internal sealed record RunOutcome(bool Completed, Exception? Failure, TimeSpan Elapsed, int Width, int Height,
    IReadOnlyList<BufferInfo> Buffers, IReadOnlyList<LateJoin> LateJoins, double AllocatedBytesPerFrame, RunRecorder Recorder,
    long BytesCopiedBetweenStages = 0, IReadOnlyList<StageTiming>? Stages = null);
