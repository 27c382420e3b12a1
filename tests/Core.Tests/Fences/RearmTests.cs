using PluggableDmaBuf.Core.Fences;
using PluggableDmaBuf.Core.Reservations;

namespace PluggableDmaBuf.Core.Tests.Fences;

/// <summary>
/// A timeline can hand out a signalled fence object again as its next fence (how a pipeline link runs
/// without allocating a fence per frame): it becomes pending with the next sequence number, keeps the
/// timeline's order, forgets its old error, and cannot be re-armed while pending or owned by another
/// timeline. A reservation drops the signalled fence before it is re-armed.
/// </summary>
public sealed class RearmTests
{
    [Fact]
    public void A_rearmed_fence_is_pending_with_the_next_sequence_number_and_no_error()
    {
        var timeline = new FenceTimeline("link");
        var fence = timeline.CreateFence();
        timeline.Signal(fence, new InvalidOperationException("frame failed"));
        var other = timeline.CreateFence();

        timeline.Rearm(fence);

        Assert.False(fence.IsSignaled);
        Assert.Null(fence.Error);
        Assert.Equal(3UL, fence.SequenceNumber);
        Assert.Equal(3UL, timeline.LastIssued);
        Assert.True(timeline.Signal(fence));
        Assert.True(other.IsSignaled);
        Assert.Equal(3UL, timeline.Signaled);
    }

    [Fact]
    public void Callbacks_of_the_new_round_run_once_and_waits_see_the_new_signal()
    {
        var timeline = new FenceTimeline("link");
        var fence = timeline.CreateFence();
        timeline.Signal(fence);
        timeline.Rearm(fence);
        var runs = 0;
        Assert.True(fence.TryAddCallback((_, _) => runs++));

        FenceTestKit.OnOtherThread(() => timeline.Signal(fence));

        Assert.True(fence.TryWait(FenceTestKit.Patience));
        Assert.Equal(1, runs);
    }

    [Fact]
    public void A_pending_fence_cannot_be_rearmed()
    {
        var timeline = new FenceTimeline("link");
        var fence = timeline.CreateFence();

        var error = Assert.Throws<InvalidOperationException>(() => timeline.Rearm(fence));

        Assert.Contains("still pending", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_timeline_cannot_rearm_a_fence()
    {
        var fence = new FenceTimeline("a").CreateFence();
        var other = new FenceTimeline("b");

        Assert.Throws<ArgumentException>(() => other.Rearm(fence));
    }

    [Fact]
    public void A_reservation_drops_the_signalled_fence_so_the_next_round_is_added_afresh()
    {
        var timeline = new FenceTimeline("link");
        var reservation = new DmaReservation();
        var fence = timeline.CreateFence();
        reservation.Add(fence, FenceUsage.Write);
        timeline.Signal(fence);

        Assert.True(reservation.IsSignaled(FenceUsage.Bookkeep));
        Assert.False(reservation.Holds(fence));
        timeline.Rearm(fence);
        reservation.Add(fence, FenceUsage.Write);

        Assert.False(reservation.IsSignaled(FenceUsage.Write));
        timeline.Signal(fence);
        Assert.True(reservation.IsSignaled(FenceUsage.Write));
    }
}
