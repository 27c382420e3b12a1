namespace PluggableDmaBuf.Core.Tests.Fences;

public sealed class CallbackTests
{
    [Fact]
    public void A_callback_added_before_the_signal_runs_once_with_its_state_on_the_signalling_thread()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        var calls = new List<(IDmaFence Fence, object? State, int Thread)>();
        var state = new object();
        Assert.True(fence.TryAddCallback((f, s) => calls.Add((f, s, Environment.CurrentManagedThreadId)), state));

        var signaller = 0;
        FenceTestKit.OnOtherThread(() =>
        {
            signaller = Environment.CurrentManagedThreadId;
            timeline.Signal(fence);
        });

        var call = Assert.Single(calls);
        Assert.Same(fence, call.Fence);
        Assert.Same(state, call.State);
        Assert.Equal(signaller, call.Thread);
    }

    [Fact]
    public void Callbacks_run_in_the_order_they_were_added()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        var order = new List<int>();
        for (var i = 0; i < 5; i++)
        {
            fence.TryAddCallback((_, s) => order.Add((int)s!), i);
        }

        timeline.Signal(fence);

        Assert.Equal([0, 1, 2, 3, 4], order);
    }

    [Fact]
    public void A_callback_added_after_the_signal_is_refused_and_never_runs()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        timeline.Signal(fence);
        var runs = 0;

        Assert.False(fence.TryAddCallback((_, _) => runs++));

        Assert.Equal(0, runs);
    }

    [Fact]
    public void A_callback_added_from_inside_a_callback_of_the_same_fence_is_refused()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        var inner = 0;
        bool? accepted = null;
        fence.TryAddCallback((f, _) => accepted = f.TryAddCallback((_, _) => inner++));

        timeline.Signal(fence);

        Assert.False(accepted);
        Assert.Equal(0, inner);
    }

    [Fact]
    public void A_callback_added_while_the_signaller_is_still_running_callbacks_is_refused()
    {
        // Deterministic interleaving: the signaller is held inside the first callback, after the
        // state flipped and before the callback list is finished, while another thread adds.
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        using var inCallback = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        fence.TryAddCallback((_, _) =>
        {
            inCallback.Set();
            release.Wait(FenceTestKit.Patience);
        });
        var signaller = FenceTestKit.Start(() => timeline.Signal(fence));
        Assert.True(inCallback.Wait(FenceTestKit.Patience));

        var late = 0;
        Assert.True(fence.IsSignaled);
        Assert.False(fence.TryAddCallback((_, _) => late++));

        release.Set();
        Assert.True(signaller.Join(FenceTestKit.Patience));
        Assert.Equal(0, late);
    }

    [Fact]
    public void A_removed_callback_never_runs()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        var runs = 0;
        FenceCallback callback = (_, _) => runs++;
        var state = new object();
        fence.TryAddCallback(callback, state);

        Assert.False(fence.RemoveCallback(callback, new object()));
        Assert.True(fence.RemoveCallback(callback, state));
        Assert.False(fence.RemoveCallback(callback, state));
        timeline.Signal(fence);

        Assert.Equal(0, runs);
    }

    [Fact]
    public void Removing_a_callback_the_signaller_already_took_fails_and_the_callback_runs_once()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        using var inFirst = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var runs = 0;
        FenceCallback second = (_, _) => Interlocked.Increment(ref runs);
        fence.TryAddCallback((_, _) =>
        {
            inFirst.Set();
            release.Wait(FenceTestKit.Patience);
        });
        fence.TryAddCallback(second);
        var signaller = FenceTestKit.Start(() => timeline.Signal(fence));
        Assert.True(inFirst.Wait(FenceTestKit.Patience));

        Assert.False(fence.RemoveCallback(second));

        release.Set();
        Assert.True(signaller.Join(FenceTestKit.Patience));
        Assert.Equal(1, runs);
    }

    [Fact]
    public void A_callback_that_throws_does_not_stop_the_others_and_the_signaller_hears_of_it()
    {
        var timeline = FenceTestKit.Timeline();
        var first = timeline.CreateFence();
        var second = timeline.CreateFence();
        var runs = 0;
        first.TryAddCallback((_, _) => throw new InvalidOperationException("bad consumer"));
        first.TryAddCallback((_, _) => runs++);
        second.TryAddCallback((_, _) => runs++);

        var thrown = Assert.Throws<AggregateException>(() => timeline.Signal(second));

        Assert.Equal("bad consumer", Assert.Single(thrown.InnerExceptions).Message);
        Assert.True(first.IsSignaled);
        Assert.True(second.IsSignaled);
        Assert.Equal(2, runs);
    }

    [Fact]
    public void Callbacks_run_outside_the_timelines_lock()
    {
        // If the callback ran under the timeline's lock, another thread creating a fence on that
        // timeline would block until the callback returned, and the callback waits for it.
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        IDmaFence? created = null;
        fence.TryAddCallback((_, _) => FenceTestKit.OnOtherThread(() => created = timeline.CreateFence()));

        timeline.Signal(fence);

        Assert.Equal(2UL, created?.SequenceNumber);
    }

    [Fact]
    public void A_callback_may_signal_the_next_fence_of_its_own_timeline()
    {
        var timeline = FenceTestKit.Timeline();
        var first = timeline.CreateFence();
        var second = timeline.CreateFence();
        var secondRan = false;
        second.TryAddCallback((_, _) => secondRan = true);
        first.TryAddCallback((_, _) => timeline.Signal(second));

        timeline.Signal(first);

        Assert.True(second.IsSignaled);
        Assert.True(secondRan);
    }

    [Fact]
    public void A_null_callback_is_refused() =>
        Assert.Throws<ArgumentNullException>(() => FenceTestKit.Timeline().CreateFence().TryAddCallback(null!));
}
