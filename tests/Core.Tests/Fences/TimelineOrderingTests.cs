using CsCheck;

namespace PluggableDmaBuf.Core.Tests.Fences;

public sealed class TimelineOrderingTests
{
    [Fact]
    public void Fences_get_increasing_sequence_numbers_and_the_timeline_context()
    {
        var timeline = FenceTestKit.Timeline("gpu0");

        var fences = Enumerable.Range(0, 5).Select(_ => timeline.CreateFence()).ToList();

        Assert.Equal([1UL, 2, 3, 4, 5], fences.Select(f => f.SequenceNumber));
        Assert.All(fences, f => Assert.Equal(timeline.Context, f.Context));
        Assert.All(fences, f => Assert.Equal("gpu0", f.TimelineName));
        Assert.Equal(5UL, timeline.LastIssued);
        Assert.Equal(0UL, timeline.Signaled);
    }

    [Fact]
    public void Every_timeline_has_its_own_context()
    {
        var contexts = Enumerable.Range(0, 50).Select(_ => FenceTestKit.Timeline().Context).ToHashSet();

        Assert.Equal(50, contexts.Count);
    }

    [Fact]
    public void Signalling_a_fence_signals_every_earlier_fence_first()
    {
        var timeline = FenceTestKit.Timeline();
        var fences = Enumerable.Range(0, 5).Select(_ => timeline.CreateFence()).ToList();

        Assert.True(timeline.Signal(fences[2]));

        Assert.Equal([true, true, true, false, false], fences.Select(f => f.IsSignaled));
        Assert.Equal(3UL, timeline.Signaled);
    }

    [Fact]
    public void Callbacks_run_in_sequence_order_and_see_every_earlier_fence_signalled()
    {
        var timeline = FenceTestKit.Timeline();
        var fences = Enumerable.Range(0, 4).Select(_ => timeline.CreateFence()).ToList();
        var seen = new List<(ulong Sequence, bool EarlierSignaled)>();
        foreach (var fence in fences)
        {
            Assert.True(fence.TryAddCallback((f, _) =>
                seen.Add((f.SequenceNumber, fences.Take((int)f.SequenceNumber - 1).All(e => e.IsSignaled)))));
        }

        timeline.Signal(fences[3]);

        Assert.Equal([(1UL, true), (2UL, true), (3UL, true), (4UL, true)], seen);
    }

    [Fact]
    public void Advance_moves_the_timeline_like_sw_sync()
    {
        var timeline = FenceTestKit.Timeline();
        var fences = Enumerable.Range(0, 4).Select(_ => timeline.CreateFence()).ToList();

        timeline.Advance();
        Assert.Equal([true, false, false, false], fences.Select(f => f.IsSignaled));

        timeline.Advance(2);
        Assert.Equal([true, true, true, false], fences.Select(f => f.IsSignaled));
        Assert.Equal(3UL, timeline.Signaled);
    }

    [Fact]
    public void Advance_cannot_pass_the_last_fence_issued_nor_stand_still()
    {
        var timeline = FenceTestKit.Timeline("video0");
        timeline.CreateFence();

        var past = Assert.Throws<ArgumentOutOfRangeException>(() => timeline.Advance(2));
        Assert.Contains("video0", past.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => timeline.Advance(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => timeline.Advance(ulong.MaxValue));
        Assert.Equal(0UL, timeline.Signaled);
    }

    [Fact]
    public void A_timeline_refuses_to_signal_another_timelines_fence()
    {
        var mine = FenceTestKit.Timeline("mine");
        var theirs = FenceTestKit.Timeline("theirs");
        var fence = theirs.CreateFence();

        var error = Assert.Throws<ArgumentException>(() => mine.Signal(fence));

        Assert.Contains("theirs#1", error.Message, StringComparison.Ordinal);
        Assert.Contains("'mine'", error.Message, StringComparison.Ordinal);
        Assert.False(fence.IsSignaled);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void A_timeline_needs_a_name(string name) =>
        Assert.Throws<ArgumentException>(() => FenceTestKit.Service.CreateTimeline(name));

    [Fact]
    public void Any_sequence_of_creates_signals_and_advances_keeps_the_signalled_fences_a_prefix()
    {
        // Ops: 0 create, 1 signal a random issued fence, 2 advance by one when possible.
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 1000]).Array[1, 60].Sample(ops =>
        {
            var timeline = FenceTestKit.Timeline();
            var fences = new List<IDmaFence>();
            var runs = new List<int>();
            foreach (var (op, pick) in ops)
            {
                switch (op)
                {
                    case 0:
                        var fence = timeline.CreateFence();
                        var index = fences.Count;
                        fences.Add(fence);
                        runs.Add(0);
                        Assert.True(fence.TryAddCallback((_, _) => runs[index]++));
                        break;
                    case 1 when fences.Count > 0:
                        var target = fences[pick % fences.Count];
                        Assert.Equal(!target.IsSignaled, timeline.Signal(target));
                        break;
                    case 2 when timeline.Signaled < timeline.LastIssued:
                        timeline.Advance();
                        break;
                }

                var signaled = fences.Count(f => f.IsSignaled);
                Assert.Equal((ulong)signaled, timeline.Signaled);
                Assert.All(fences.Take(signaled), f => Assert.True(f.IsSignaled));
                Assert.Equal(fences.Select(f => f.IsSignaled ? 1 : 0), runs);
            }
        });
    }
}
