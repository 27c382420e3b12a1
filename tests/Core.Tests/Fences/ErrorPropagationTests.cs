namespace PluggableDmaBuf.Core.Tests.Fences;

public sealed class ErrorPropagationTests
{
    [Fact]
    public void Wait_throws_the_error_wrapped_in_a_FenceErrorException_naming_the_fence()
    {
        var timeline = FenceTestKit.Timeline("gpu0.convert");
        timeline.CreateFence();
        var fence = timeline.CreateFence();
        var error = new IOException("device lost");

        timeline.Signal(fence, error);

        var thrown = Assert.Throws<FenceErrorException>(() => fence.Wait());
        Assert.Same(error, thrown.InnerException);
        Assert.Same(fence, thrown.Fence);
        Assert.Equal("gpu0.convert", thrown.TimelineName);
        Assert.Contains("gpu0.convert#2", thrown.Message, StringComparison.Ordinal);
        Assert.Contains("device lost", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitAsync_faults_with_the_error_whether_it_was_pending_or_not()
    {
        var timeline = FenceTestKit.Timeline();
        var early = timeline.CreateFence();
        var late = timeline.CreateFence();
        var error = new IOException("device lost");
        timeline.Signal(early, error);

        var pending = late.WaitAsync();
        timeline.Signal(late, error);

        Assert.Same(error, (await Assert.ThrowsAsync<FenceErrorException>(() => early.WaitAsync().AsTask())).InnerException);
        Assert.Same(error, (await Assert.ThrowsAsync<FenceErrorException>(() => pending.AsTask())).InnerException);
    }

    [Fact]
    public async Task TryWait_reports_completion_and_leaves_the_error_on_the_fence()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        var error = new IOException("device lost");
        var pending = fence.TryWaitAsync();

        timeline.Signal(fence, error);

        Assert.True(fence.TryWait());
        Assert.True(await pending);
        Assert.Same(error, fence.Error);
    }

    [Fact]
    public void The_error_goes_to_the_fence_named_only_and_earlier_fences_succeed()
    {
        var timeline = FenceTestKit.Timeline();
        var earlier = timeline.CreateFence();
        var failing = timeline.CreateFence();
        var error = new IOException("device lost");

        timeline.Signal(failing, error);

        Assert.Null(earlier.Error);
        earlier.Wait();
        Assert.Same(error, failing.Error);
    }

    [Fact]
    public void Callbacks_see_the_error_of_the_fence()
    {
        var timeline = FenceTestKit.Timeline();
        var fence = timeline.CreateFence();
        var error = new IOException("device lost");
        Exception? seen = null;
        fence.TryAddCallback((f, _) => seen = f.Error);

        timeline.Signal(fence, error);

        Assert.Same(error, seen);
    }

    [Fact]
    public void The_error_is_hidden_until_the_fence_signals() =>
        Assert.Null(FenceTestKit.Timeline().CreateFence().Error);
}
