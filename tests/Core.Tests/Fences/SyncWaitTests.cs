namespace PluggableDmaBuf.Core.Tests.Fences;

public sealed class SyncWaitTests
{
    [Fact]
    public void Waiting_for_a_signalled_fence_returns_at_once()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        timeline.Signal(fence);

        fence.Wait(TimeSpan.Zero);
        Assert.True(fence.TryWait(TimeSpan.Zero));
    }

    [Fact]
    public void A_blocked_wait_wakes_when_another_thread_signals()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        using var waiting = new ManualResetEventSlim();
        var woke = false;
        var waiter = FenceTestKit.Start(() =>
        {
            waiting.Set();
            fence.Wait(FenceTestKit.Patience);
            woke = true;
        });
        Assert.True(waiting.Wait(FenceTestKit.Patience));

        timeline.Signal(fence);

        Assert.True(waiter.Join(FenceTestKit.Patience));
        Assert.True(woke);
    }

    [Fact]
    public void A_wait_that_times_out_names_the_fence_its_timeline_and_how_long_it_waited()
    {
        var timeline = FenceTestKit.Timeline("display0.scanout");
        timeline.CreateFence();
        var fence = timeline.CreateFence();
        var timeout = TimeSpan.FromMilliseconds(30);

        var thrown = Assert.Throws<FenceTimeoutException>(() => fence.Wait(timeout));

        Assert.Same(fence, thrown.Fence);
        Assert.Same(fence, thrown.PendingFence);
        Assert.Equal("display0.scanout", thrown.TimelineName);
        Assert.True(thrown.Waited >= timeout, $"waited {thrown.Waited}");
        Assert.Contains("display0.scanout#2", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("timeline 'display0.scanout'", thrown.Message, StringComparison.Ordinal);
        Assert.Matches(@"Timed out after \d+(\.\d+)? ms", thrown.Message);
        Assert.IsAssignableFrom<DmaBufException>(thrown);
    }

    [Fact]
    public void TryWait_returns_false_when_the_time_runs_out()
    {
        var fence = FenceTestKit.Timeline().CreateFence();

        Assert.False(fence.TryWait(TimeSpan.Zero));
        Assert.False(fence.TryWait(TimeSpan.FromMilliseconds(20)));
        Assert.False(fence.IsSignaled);
    }

    [Fact]
    public void The_default_timeout_is_ten_seconds() =>
        Assert.Equal(TimeSpan.FromSeconds(10), FenceTimeouts.Default);

    [Theory]
    [InlineData(-2)]
    [InlineData(-1000)]
    public void A_negative_timeout_other_than_infinite_is_refused(int milliseconds)
    {
        var fence = FenceTestKit.Timeline().CreateFence();

        Assert.Throws<ArgumentOutOfRangeException>(() => fence.Wait(TimeSpan.FromMilliseconds(milliseconds)));
        Assert.Throws<ArgumentOutOfRangeException>(() => fence.TryWait(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Fact]
    public void A_timeout_too_large_for_a_timer_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => FenceTestKit.Timeline().CreateFence().Wait(TimeSpan.FromDays(30)));

    [Fact]
    public void An_infinite_wait_asked_for_explicitly_waits_for_the_signal()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        using var waiting = new ManualResetEventSlim();
        var waiter = FenceTestKit.Start(() =>
        {
            waiting.Set();
            fence.Wait(Timeout.InfiniteTimeSpan);
        });
        Assert.True(waiting.Wait(FenceTestKit.Patience));

        timeline.Signal(fence);

        Assert.True(waiter.Join(FenceTestKit.Patience));
    }

    [Fact]
    public void An_already_cancelled_token_cancels_a_pending_wait_but_not_a_completed_one()
    {
        var timeline = FenceTestKit.Timeline();
        var done = timeline.CreateFence();
        timeline.Signal(done);
        var pending = timeline.CreateFence();

        Assert.Throws<OperationCanceledException>(() => pending.Wait(cancellationToken: new CancellationToken(true)));
        done.Wait(cancellationToken: new CancellationToken(true));
    }

    [Fact]
    public void Cancelling_a_blocked_wait_ends_it_with_OperationCanceledException()
    {
        var fence = FenceTestKit.Timeline().CreateFence();
        using var cancellation = new CancellationTokenSource();
        using var waiting = new ManualResetEventSlim();
        Exception? thrown = null;
        var waiter = FenceTestKit.Start(() =>
        {
            waiting.Set();
            thrown = Record.Exception(() => fence.Wait(FenceTestKit.Patience, cancellation.Token));
        });
        Assert.True(waiting.Wait(FenceTestKit.Patience));

        cancellation.Cancel();

        Assert.True(waiter.Join(FenceTestKit.Patience));
        var canceled = Assert.IsAssignableFrom<OperationCanceledException>(thrown);
        Assert.Equal(cancellation.Token, canceled.CancellationToken);
    }

    [Fact]
    public void Many_threads_waiting_for_one_fence_all_wake()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        using var ready = new CountdownEvent(8);
        var woke = 0;
        var waiters = Enumerable.Range(0, 8).Select(_ => FenceTestKit.Start(() =>
        {
            ready.Signal();
            fence.Wait(FenceTestKit.Patience);
            Interlocked.Increment(ref woke);
        })).ToList();
        Assert.True(ready.Wait(FenceTestKit.Patience));

        timeline.Signal(fence);

        waiters.ForEach(w => Assert.True(w.Join(FenceTestKit.Patience)));
        Assert.Equal(8, woke);
    }
}
