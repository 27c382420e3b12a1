using PluggableDmaBuf.Core.Fences;

namespace PluggableDmaBuf.Core.Tests.Fences;

public sealed class FenceServiceTests
{
    [Fact]
    public void The_signalled_fence_is_signalled_without_error_and_always_the_same()
    {
        var stub = FenceTestKit.Service.SignaledFence;

        Assert.True(stub.IsSignaled);
        Assert.Null(stub.Error);
        Assert.Equal("stub", stub.TimelineName);
        Assert.Same(stub, new FenceService().SignaledFence);
        Assert.False(stub.TryAddCallback((_, _) => { }));
    }

    [Fact]
    public void A_timeline_starts_with_nothing_issued_or_signalled()
    {
        var timeline = FenceTestKit.Service.CreateTimeline("gpu0.convert");

        Assert.Equal("gpu0.convert", timeline.Name);
        Assert.Equal(0UL, timeline.LastIssued);
        Assert.Equal(0UL, timeline.Signaled);
        Assert.Contains("gpu0.convert", timeline.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fence_describes_itself_by_timeline_and_sequence_number()
    {
        var timeline = FenceTestKit.Timeline("gpu0");
        var fence = timeline.CreateFence();
        var failed = timeline.CreateFence();

        Assert.Equal("gpu0#1", fence.ToString());
        timeline.Signal(fence);
        timeline.Signal(failed, new IOException("x"));

        Assert.Equal("gpu0#1 (signalled)", fence.ToString());
        Assert.Equal("gpu0#2 (failed)", failed.ToString());
    }
}
