namespace PluggableDmaBuf.Core.Tests.Fences;

/// <summary>Waiting for a fence that has signalled must not allocate (the figures themselves are in the benchmarks).</summary>
public sealed class SignaledWaitAllocationTests
{
    [Fact]
    public void Waiting_for_a_signalled_fence_allocates_nothing()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        timeline.Signal(fence);
        var completed = 0;
        for (var i = 0; i < 100; i++)
        {
            completed += WaitAllWays(fence);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            completed += WaitAllWays(fence);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1100 * 3, completed);
    }

    // Not async: a debug build compiles async methods to allocating state machines.
    private static int WaitAllWays(IDmaFence fence)
    {
        fence.Wait();
        var completed = fence.TryWait(TimeSpan.FromSeconds(1)) ? 1 : 0;
        completed += fence.WaitAsync().IsCompletedSuccessfully ? 1 : 0;
        completed += fence.TryWaitAsync(Timeout.InfiniteTimeSpan).IsCompletedSuccessfully ? 1 : 0;
        return completed;
    }
}
