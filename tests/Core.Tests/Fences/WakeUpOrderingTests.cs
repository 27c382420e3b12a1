using PluggableDmaBuf.Core.Fences;

namespace PluggableDmaBuf.Core.Tests.Fences;

/// <summary>
/// The windows a lost wake-up hides in, driven step by step through the blocking waiter's parts
/// (register, then sleep) rather than left to the scheduler.
/// </summary>
public sealed class WakeUpOrderingTests
{
    [Fact]
    public void A_signal_that_lands_between_registration_and_sleep_is_not_lost()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = (DmaFence)timeline.CreateFence();
        var waiter = new SyncWaiter();
        Assert.True(fence.TryAddWaiter(waiter));

        timeline.Signal(fence);

        var woke = false;
        FenceTestKit.OnOtherThread(() => woke = waiter.Block(Timeout.InfiniteTimeSpan, 0));
        Assert.True(woke);
    }

    [Fact]
    public void A_cancellation_that_lands_between_registration_and_sleep_is_not_lost()
    {
        var fence = (DmaFence)FenceTestKit.Timeline().CreateFence();
        var waiter = new SyncWaiter();
        Assert.True(fence.TryAddWaiter(waiter));

        waiter.Cancel();

        var woke = true;
        FenceTestKit.OnOtherThread(() => woke = waiter.Block(Timeout.InfiniteTimeSpan, 0));
        Assert.False(woke);
        Assert.True(fence.RemoveWaiter(waiter));
    }

    [Fact]
    public void A_waiter_that_gives_up_after_the_signal_took_it_cannot_withdraw_and_is_run()
    {
        // The timeout or cancellation path withdraws the waiter under the fence's lock; failing to
        // means the signal won, and the waiter must treat the fence as signalled.
        var timeline = FenceTestKit.Timeline();
        var fence = (DmaFence)timeline.CreateFence();
        var waiter = new SyncWaiter();
        fence.TryAddWaiter(waiter);

        timeline.Signal(fence);

        Assert.False(fence.RemoveWaiter(waiter));
        Assert.True(waiter.Block(TimeSpan.Zero, 0));
    }

    [Fact]
    public void A_waiter_withdrawn_before_the_signal_is_not_run()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = (DmaFence)timeline.CreateFence();
        var waiter = new SyncWaiter();
        fence.TryAddWaiter(waiter);

        Assert.True(fence.RemoveWaiter(waiter));
        timeline.Signal(fence);

        Assert.False(waiter.Block(TimeSpan.Zero, 0));
    }
}
