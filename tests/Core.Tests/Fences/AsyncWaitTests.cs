namespace PluggableDmaBuf.Core.Tests.Fences;

public sealed class AsyncWaitTests
{
    [Fact]
    public async Task Waiting_for_a_signalled_fence_completes_synchronously()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        timeline.Signal(fence);

        Assert.True(fence.WaitAsync().IsCompletedSuccessfully);
        var tried = fence.TryWaitAsync();
        Assert.True(tried.IsCompletedSuccessfully);
        Assert.True(await tried);
    }

    [Fact]
    public async Task A_pending_wait_completes_when_the_fence_signals()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        var wait = fence.WaitAsync();
        var tried = fence.TryWaitAsync();
        Assert.False(wait.IsCompleted);

        timeline.Signal(fence);

        Assert.True(wait.IsCompletedSuccessfully);
        await wait;
        Assert.True(await tried);
    }

    [Fact]
    public void The_continuation_runs_on_the_signalling_thread_without_a_thread_pool_hop()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        var continuationThread = 0;
        var waiter = Continue(fence, () => continuationThread = Environment.CurrentManagedThreadId);

        var signallerThread = 0;
        FenceTestKit.OnOtherThread(() =>
        {
            signallerThread = Environment.CurrentManagedThreadId;
            timeline.Signal(fence);
        });

        Assert.True(waiter.IsCompletedSuccessfully);
        Assert.Equal(signallerThread, continuationThread);
    }

    [Fact]
    public void The_continuation_runs_outside_the_timelines_lock()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        IDmaFence? created = null;
        var waiter = Continue(fence, () => FenceTestKit.OnOtherThread(() => created = timeline.CreateFence()));

        timeline.Signal(fence);

        Assert.True(waiter.IsCompletedSuccessfully);
        Assert.Equal(2UL, created?.SequenceNumber);
    }

    [Fact]
    public async Task A_wait_that_times_out_faults_with_FenceTimeoutException_naming_the_timeline()
    {
        var fence = FenceTestKit.Timeline("video0.capture").CreateFence();
        var timeout = TimeSpan.FromMilliseconds(30);

        var thrown = await Assert.ThrowsAsync<FenceTimeoutException>(() => fence.WaitAsync(timeout).AsTask());

        Assert.Equal("video0.capture", thrown.TimelineName);
        Assert.True(thrown.Waited >= timeout, $"waited {thrown.Waited}");
        Assert.Contains("video0.capture#1", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryWaitAsync_returns_false_when_the_time_runs_out()
    {
        var fence = FenceTestKit.Timeline().CreateFence();

        Assert.False(await fence.TryWaitAsync(TimeSpan.FromMilliseconds(20)));
        Assert.False(await fence.TryWaitAsync(TimeSpan.Zero));
    }

    [Fact]
    public async Task Cancelling_a_pending_wait_ends_it_and_a_later_signal_is_harmless()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        using var cancellation = new CancellationTokenSource();
        var wait = fence.WaitAsync(FenceTestKit.Patience, cancellation.Token);

        await cancellation.CancelAsync();
        timeline.Signal(fence);

        var canceled = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.AsTask());
        Assert.Equal(cancellation.Token, canceled.CancellationToken);
    }

    [Fact]
    public async Task An_already_cancelled_token_cancels_a_pending_wait()
    {
        var fence = FenceTestKit.Timeline().CreateFence();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fence.WaitAsync(cancellationToken: new CancellationToken(true)).AsTask());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fence.TryWaitAsync(cancellationToken: new CancellationToken(true)).AsTask());
    }

    [Fact]
    public async Task A_signal_after_the_timeout_does_not_complete_the_wait_twice()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();

        Assert.False(await fence.TryWaitAsync(TimeSpan.FromMilliseconds(10)));
        timeline.Signal(fence);

        Assert.True(await fence.TryWaitAsync());
    }

    [Fact]
    public async Task Many_async_waiters_all_wake()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        var waits = Enumerable.Range(0, 100).Select(_ => fence.WaitAsync().AsTask()).ToList();

        timeline.Signal(fence);

        await Task.WhenAll(waits);
        Assert.All(waits, w => Assert.True(w.IsCompletedSuccessfully));
    }

    private static async Task Continue(IDmaFence fence, Action then)
    {
        // ConfigureAwait(false): the test runner's synchronization context would otherwise take the
        // continuation, as any captured context does.
        await fence.WaitAsync(FenceTestKit.Patience).ConfigureAwait(false);
        then();
    }
}
