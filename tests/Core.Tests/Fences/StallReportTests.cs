namespace PluggableDmaBuf.Core.Tests.Fences;

/// <summary>What a stall says: the fence still pending, its timeline (the owner) and how long the wait lasted.</summary>
public sealed class StallReportTests
{
    [Fact]
    public void A_timeout_on_a_plain_fence_reads_as_one_line_naming_it()
    {
        var timeline = FenceTestKit.Timeline("gpu0.convert");
        var fence = timeline.CreateFence();

        var report = new FenceTimeoutException(fence, fence, TimeSpan.FromSeconds(10));

        Assert.Equal(
            $"Timed out after 10 s waiting for fence gpu0.convert#1 (timeline 'gpu0.convert', context {timeline.Context}): it was never signalled.",
            report.Message);
        Assert.Equal(TimeSpan.FromSeconds(10), report.Waited);
    }

    [Fact]
    public void A_timeout_on_a_merge_names_the_merge_and_the_part_that_held_it_up()
    {
        var gpu = FenceTestKit.Timeline("gpu0");
        var video = FenceTestKit.Timeline("video0");
        var stuck = video.CreateFence();
        var merged = FenceTestKit.Service.Merge(gpu.CreateFence(), stuck);

        var report = new FenceTimeoutException(merged, stuck, TimeSpan.FromMilliseconds(250));

        Assert.Equal(
            $"Timed out after 250 ms waiting for fence merge[gpu0#1, video0#1]#1: fence video0#1 (timeline 'video0', context {video.Context}) was never signalled.",
            report.Message);
        Assert.Equal("video0", report.TimelineName);
    }

    [Fact]
    public void A_failed_fence_names_its_timeline_and_the_cause()
    {
        var timeline = FenceTestKit.Timeline("display0");
        var fence = timeline.CreateFence();
        var cause = new IOException("CRC mismatch");

        var report = new FenceErrorException(fence, cause);

        Assert.Equal(
            $"Fence display0#1 (timeline 'display0', context {timeline.Context}) was signalled with an error: CRC mismatch",
            report.Message);
        Assert.Same(cause, report.InnerException);
    }
}
