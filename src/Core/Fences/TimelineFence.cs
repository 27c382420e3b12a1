namespace PluggableDmaBuf.Core.Fences;

/// <summary>A fence handed out by a <see cref="FenceTimeline"/>; it shares the timeline's lock.</summary>
internal sealed class TimelineFence : DmaFence
{
    public TimelineFence(FenceTimeline timeline, Lock gate, ulong sequenceNumber)
        : base(gate, timeline.Context, sequenceNumber)
    {
        Timeline = timeline;
    }

    public FenceTimeline Timeline { get; }

    public override string TimelineName => Timeline.Name;
}
