namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>
/// Where one stage's thread spent the steady state (the frames of <see cref="AllocationWindow"/>):
/// <see cref="BusyMs"/> in the stage's own work, <see cref="WaitMs"/> waiting for its input frame and
/// its output buffer (the other stages, or a core), <see cref="HandoffMs"/> releasing them (unmapping,
/// signalling fences). With three stages on two cores, a busy share well below 1 for every stage means
/// they take turns on a core rather than wait for each other's frames.
/// </summary>
internal sealed record StageTiming(string Stage, int Frames, double BusyMs, double WaitMs, double HandoffMs)
{
    /// <summary>The busy share of the stage's measured time.</summary>
    public double BusyShare => BusyMs + WaitMs + HandoffMs > 0 ? Math.Round(BusyMs / (BusyMs + WaitMs + HandoffMs), 3) : 0;
}
