using PluggableDmaBuf.Core.Fences;
using PluggableDmaBuf.Host.Pipeline.Links;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>
/// One element of a running pipeline: its stage and context, its fence timeline (every fence it holds
/// on a link is one of this timeline's), its links, and what the stall watcher knows of it.
/// </summary>
internal sealed class StageRun(PipelineStage stage, StageContext context, int firstFrame)
{
    public PipelineStage Stage { get; } = stage;

    public StageContext Context { get; } = context;

    public string Id => Stage.Id;

    public FenceTimeline Timeline { get; } = new(stage.Id);

    /// <summary>The first frame the stage sees: 0, or for a late consumer (and what it feeds) its <c>start-at</c>.</summary>
    public int FirstFrame { get; } = firstFrame;

    public PipelineLink? Input { get; set; }

    /// <summary>This stage's index among <see cref="Input"/>'s consumers.</summary>
    public int ConsumerIndex { get; set; }

    public PipelineLink? Output { get; set; }

    /// <summary>Whether the run's frame count follows this sink (a sink that sees every frame from the first).</summary>
    public bool CountsFrames { get; set; }

    /// <summary>This sink's index among the counted sinks, when <see cref="CountsFrames"/>.</summary>
    public int SinkIndex { get; set; }

    /// <summary>How the stage's thread ended: null for a normal end, else its failure or cancellation.</summary>
    public Exception? Failure { get; set; }

    /// <summary>Managed bytes the stage's thread allocated over the measured window (see <see cref="AllocationWindow"/>).</summary>
    public long AllocatedBytes { get; set; }

    /// <summary>Stopwatch ticks the stage's thread spent over the measured window (see <see cref="StageTiming"/>); its own thread writes them.</summary>
    public long WaitTicks;
    public long BusyTicks;
    public long HandoffTicks;

    /// <summary>Frames in the measured window.</summary>
    public int TimedFrames;

    /// <summary>The frame being worked on; read by the stall watcher.</summary>
    public volatile int Frame = -1;

    // The stall watcher's view of a blocked stage, guarded by the watcher's lock.
    internal long WaitingSince;
    internal PipelineLink? WaitLink;
    internal int WaitSlot;
    internal StageRun? WaitHolder;

    /// <summary>For a hung device: which of its own fences is pending (<c>write</c> or <c>read</c>), for <see cref="WaitFrame"/>; null otherwise.</summary>
    internal string? WaitFence;
    internal int WaitFrame;

    /// <summary><c>Faults:StageThrows</c>: the frame at which the stage throws instead of processing; -1 for none.</summary>
    public int ThrowsAt { get; set; } = -1;

    /// <summary><c>Faults:FenceNeverSignalled</c>: the frame whose fences the stage never signals; -1 for none.</summary>
    public int HangsAt { get; set; } = -1;

    /// <summary>The fences a hung device (<see cref="HangsAt"/>) left pending, signalled with an error after the run.</summary>
    public IReadOnlyList<IDmaFence> Withheld { get; set; } = [];

    /// <summary>What was injected into this stage, once it happened (<c>injected fault: …</c>), for the stall report.</summary>
    public string? InjectedFault { get; set; }

    /// <summary>Whether the stage waits for its turn as a late consumer: expected, never a stall.</summary>
    internal volatile bool Idle;

    public override string ToString() => Id;
}
