using PluggableDmaBuf.Core.Fences;

namespace PluggableDmaBuf.Core.Tests.Fences;

public sealed class MergeTests
{
    [Fact]
    public void A_merge_of_many_fences_signals_only_when_the_last_one_does()
    {
        var timelines = Enumerable.Range(0, 10).Select(i => FenceTestKit.Timeline($"t{i}")).ToList();
        var fences = timelines.SelectMany(t => Enumerable.Range(0, 100).Select(_ => t.CreateFence())).ToArray();
        var merged = FenceTestKit.Service.Merge(fences);
        var runs = 0;
        merged.TryAddCallback((_, _) => runs++);

        foreach (var timeline in timelines.Skip(1))
        {
            timeline.Advance(100);
        }

        timelines[0].Advance(99);
        Assert.False(merged.IsSignaled);
        Assert.False(merged.TryWait(TimeSpan.Zero));

        timelines[0].Advance();

        Assert.True(merged.IsSignaled);
        Assert.Null(merged.Error);
        Assert.Equal(1, runs);
    }

    [Fact]
    public void A_merged_fence_has_a_context_of_its_own_and_a_name_listing_its_parts()
    {
        var gpu = FenceTestKit.Timeline("gpu0");
        var video = FenceTestKit.Timeline("video0");
        var parts = Enumerable.Range(0, 3).Select(_ => gpu.CreateFence()).Concat(Enumerable.Range(0, 3).Select(_ => video.CreateFence())).ToArray();

        var merged = FenceTestKit.Service.Merge(parts);

        Assert.NotEqual(gpu.Context, merged.Context);
        Assert.NotEqual(video.Context, merged.Context);
        Assert.Equal(1UL, merged.SequenceNumber);
        Assert.Equal("merge[gpu0#1, gpu0#2, gpu0#3, video0#1, +2 more]", merged.TimelineName);
    }

    [Fact]
    public void Merging_nothing_gives_the_signalled_stub()
    {
        var merged = FenceTestKit.Service.Merge();

        Assert.Same(FenceTestKit.Service.SignaledFence, merged);
        Assert.True(merged.IsSignaled);
        Assert.Null(merged.Error);
    }

    [Fact]
    public void Merging_one_pending_fence_among_finished_ones_gives_that_fence()
    {
        var timeline = FenceTestKit.Timeline();
        var done = timeline.CreateFence();
        var pending = timeline.CreateFence();
        timeline.Signal(done);

        Assert.Same(pending, FenceTestKit.Service.Merge(done, pending, FenceTestKit.Service.SignaledFence));
    }

    [Fact]
    public void Nested_merges_are_flattened()
    {
        var a = FenceTestKit.Timeline("a");
        var b = FenceTestKit.Timeline("b");
        var c = FenceTestKit.Timeline("c");
        var inner = FenceTestKit.Service.Merge(a.CreateFence(), b.CreateFence());

        var outer = (MergedFence)FenceTestKit.Service.Merge(inner, c.CreateFence());

        Assert.Equal(["a", "b", "c"], outer.Parts.ToArray().Select(p => p.TimelineName));
    }

    [Fact]
    public void The_merge_carries_the_first_error_signalled()
    {
        var a = FenceTestKit.Timeline("a");
        var b = FenceTestKit.Timeline("b");
        var c = FenceTestKit.Timeline("c");
        var fa = a.CreateFence();
        var fb = b.CreateFence();
        var fc = c.CreateFence();
        var merged = FenceTestKit.Service.Merge(fa, fb, fc);
        var first = new IOException("b failed first");

        b.Signal(fb, first);
        c.Signal(fc, new IOException("c failed later"));
        Assert.False(merged.IsSignaled);
        a.Signal(fa);

        Assert.Same(first, merged.Error);
        Assert.Same(first, Assert.Throws<FenceErrorException>(() => merged.Wait()).InnerException);
    }

    [Fact]
    public void A_part_that_failed_before_the_merge_gives_the_merge_its_error()
    {
        var a = FenceTestKit.Timeline();
        var b = FenceTestKit.Timeline();
        var failed = a.CreateFence();
        var pending = b.CreateFence();
        var error = new IOException("failed early");
        a.Signal(failed, error);

        var merged = FenceTestKit.Service.Merge(pending, failed);
        b.Signal(pending, new IOException("failed later"));

        Assert.Same(error, merged.Error);
    }

    [Fact]
    public void An_earlier_fence_of_a_timeline_is_kept_so_that_its_error_is_not_lost()
    {
        var timeline = FenceTestKit.Timeline();
        var earlier = timeline.CreateFence();
        var later = timeline.CreateFence();
        var merged = FenceTestKit.Service.Merge(earlier, later);
        var error = new IOException("earlier failed");

        timeline.Signal(earlier, error);
        timeline.Signal(later);

        Assert.Same(error, merged.Error);
    }

    [Fact]
    public void A_timed_out_wait_on_a_merge_names_the_part_still_pending()
    {
        var gpu = FenceTestKit.Timeline("gpu0");
        var video = FenceTestKit.Timeline("video0");
        var done = gpu.CreateFence();
        var stuck = video.CreateFence();
        var merged = FenceTestKit.Service.Merge(done, stuck, gpu.CreateFence());
        gpu.Advance(2);

        var thrown = Assert.Throws<FenceTimeoutException>(() => merged.Wait(TimeSpan.FromMilliseconds(20)));

        Assert.Same(merged, thrown.Fence);
        Assert.Same(stuck, thrown.PendingFence);
        Assert.Equal("video0", thrown.TimelineName);
        Assert.Contains("video0#1 (timeline 'video0'", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waiters_on_a_merge_wake_when_its_parts_signal_on_other_threads()
    {
        var timelines = Enumerable.Range(0, 4).Select(i => FenceTestKit.Timeline($"t{i}")).ToList();
        var merged = FenceTestKit.Service.Merge(timelines.Select(t => t.CreateFence()).ToArray());
        var wait = merged.WaitAsync(FenceTestKit.Patience);

        var signallers = timelines.Select(t => FenceTestKit.Start(() => t.Advance())).ToList();
        signallers.ForEach(s => Assert.True(s.Join(FenceTestKit.Patience)));

        await wait;
        Assert.True(merged.IsSignaled);
    }

    [Fact]
    public void Merging_a_null_fence_is_refused() =>
        Assert.Throws<ArgumentNullException>(() => FenceTestKit.Service.Merge(FenceTestKit.Timeline().CreateFence(), null!));
}
