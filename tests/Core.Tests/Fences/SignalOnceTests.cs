namespace PluggableDmaBuf.Core.Tests.Fences;

public sealed class SignalOnceTests
{
    [Fact]
    public void A_second_signal_is_refused_and_changes_nothing()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        var runs = 0;
        fence.TryAddCallback((_, _) => runs++);

        Assert.True(timeline.Signal(fence));
        Assert.False(timeline.Signal(fence, new InvalidOperationException("late failure")));

        Assert.True(fence.IsSignaled);
        Assert.Null(fence.Error);
        Assert.Equal(1, runs);
    }

    [Fact]
    public void A_fence_signalled_through_a_later_one_keeps_its_success()
    {
        var timeline = FenceTestKit.Timeline();
        var first = timeline.CreateFence();
        var second = timeline.CreateFence();

        timeline.Signal(second);

        Assert.False(timeline.Signal(first, new InvalidOperationException("too late")));
        Assert.Null(first.Error);
    }

    [Fact]
    public void A_failed_fence_keeps_its_first_error()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        var error = new InvalidOperationException("first");

        timeline.Signal(fence, error);
        timeline.Signal(fence, new InvalidOperationException("second"));

        Assert.Same(error, fence.Error);
    }

    [Fact]
    public void Concurrent_signals_of_one_fence_succeed_exactly_once()
    {
        for (var round = 0; round < 200; round++)
        {
            var timeline = FenceTestKit.Timeline();
            var fence = timeline.CreateFence();
            var runs = 0;
            fence.TryAddCallback((_, _) => Interlocked.Increment(ref runs));
            var wins = 0;
            using var start = new Barrier(4);

            var threads = Enumerable.Range(0, 4).Select(_ => FenceTestKit.Start(() =>
            {
                start.SignalAndWait();
                if (timeline.Signal(fence))
                {
                    Interlocked.Increment(ref wins);
                }
            })).ToList();
            threads.ForEach(t => Assert.True(t.Join(FenceTestKit.Patience)));

            Assert.Equal(1, wins);
            Assert.Equal(1, runs);
        }
    }
}
