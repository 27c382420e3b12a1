using CsCheck;
using PluggableDmaBuf.Core.Reservations;
using PluggableDmaBuf.Core.Tests.Fences;

namespace PluggableDmaBuf.Core.Tests.Reservations;

public sealed class UsageRulesTests
{
    private static readonly FenceUsage[] s_usages = [FenceUsage.Kernel, FenceUsage.Write, FenceUsage.Read, FenceUsage.Bookkeep];

    [Fact]
    public void The_levels_are_ordered_kernel_write_read_bookkeep() =>
        Assert.Equal(s_usages, s_usages.Order());

    [Fact]
    public void A_query_returns_every_fence_at_the_level_or_lower()
    {
        var reservation = new DmaReservation();
        var fences = s_usages.ToDictionary(u => u, u => FenceTestKit.Timeline(u.ToString()).CreateFence());
        foreach (var (usage, fence) in fences)
        {
            reservation.Add(fence, usage);
        }

        foreach (var asked in s_usages)
        {
            var found = new List<IDmaFence>();
            var count = reservation.GetFences(asked, found);

            Assert.Equal(found.Count, count);
            Assert.Equal(fences.Where(p => p.Key <= asked).Select(p => p.Value).ToHashSet(), found.ToHashSet());
        }
    }

    [Fact]
    public void Any_mix_of_fences_and_levels_answers_queries_by_the_lowest_level_each_fence_was_added_with()
    {
        // Each op adds fence #index (of 6, on 6 timelines) at a level; a model keeps the lowest level.
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 3]).Array[1, 30].Sample(ops =>
        {
            var fences = Enumerable.Range(0, 6).Select(i => FenceTestKit.Timeline($"t{i}").CreateFence()).ToArray();
            var reservation = new DmaReservation();
            var model = new Dictionary<IDmaFence, FenceUsage>();
            foreach (var (index, level) in ops)
            {
                var usage = (FenceUsage)level;
                reservation.Add(fences[index], usage);
                model[fences[index]] = model.TryGetValue(fences[index], out var held) && held < usage ? held : usage;
            }

            foreach (var asked in s_usages)
            {
                var found = new List<IDmaFence>();
                reservation.GetFences(asked, found);
                Assert.Equal(model.Where(p => p.Value <= asked).Select(p => p.Key).ToHashSet(), found.ToHashSet());
                Assert.Equal(found.Count, found.Distinct().Count());
            }
        });
    }

    [Fact]
    public void A_usage_can_be_made_stricter_but_never_relaxed()
    {
        var reservation = new DmaReservation();
        var fence = FenceTestKit.Timeline().CreateFence();

        reservation.Add(fence, FenceUsage.Read);
        reservation.Add(fence, FenceUsage.Write);
        reservation.Add(fence, FenceUsage.Bookkeep);

        Assert.Equal([fence], Fences(reservation, FenceUsage.Write));
        Assert.Equal(1, reservation.Count);
    }

    [Fact]
    public void A_later_fence_of_the_same_timeline_replaces_an_earlier_one_at_the_same_or_a_laxer_level()
    {
        var timeline = FenceTestKit.Timeline();
        var reservation = new DmaReservation();
        var first = timeline.CreateFence();
        var second = timeline.CreateFence();
        var third = timeline.CreateFence();

        reservation.Add(first, FenceUsage.Read);
        reservation.Add(second, FenceUsage.Read);
        Assert.Equal([second], Fences(reservation, FenceUsage.Bookkeep));

        reservation.Add(third, FenceUsage.Write);
        Assert.Equal([third], Fences(reservation, FenceUsage.Bookkeep));
    }

    [Fact]
    public void A_later_fence_at_a_laxer_level_does_not_replace_a_stricter_one()
    {
        // Replacing the write fence with a read fence would let readers past the write.
        var timeline = FenceTestKit.Timeline();
        var reservation = new DmaReservation();
        var write = timeline.CreateFence();
        var read = timeline.CreateFence();

        reservation.Add(write, FenceUsage.Write);
        reservation.Add(read, FenceUsage.Read);

        Assert.Equal([write], Fences(reservation, FenceUsage.Write));
        Assert.Equal([write, read], Fences(reservation, FenceUsage.Read));
    }

    [Fact]
    public void An_earlier_fence_implied_by_a_later_one_at_the_same_or_a_stricter_level_is_not_added()
    {
        var timeline = FenceTestKit.Timeline();
        var reservation = new DmaReservation();
        var first = timeline.CreateFence();
        var second = timeline.CreateFence();

        reservation.Add(second, FenceUsage.Write);
        reservation.Add(first, FenceUsage.Write);
        reservation.Add(first, FenceUsage.Read);

        Assert.Equal([second], Fences(reservation, FenceUsage.Bookkeep));
    }

    [Fact]
    public void An_earlier_fence_at_a_stricter_level_than_a_later_one_is_added()
    {
        var timeline = FenceTestKit.Timeline();
        var reservation = new DmaReservation();
        var first = timeline.CreateFence();
        var second = timeline.CreateFence();

        reservation.Add(second, FenceUsage.Read);
        reservation.Add(first, FenceUsage.Write);

        Assert.Equal([first], Fences(reservation, FenceUsage.Write));
        Assert.Equal([second, first], Fences(reservation, FenceUsage.Read));
    }

    [Fact]
    public void Re_adding_fences_of_one_timeline_in_any_order_keeps_the_reservation_minimal()
    {
        var timeline = FenceTestKit.Timeline();
        var reservation = new DmaReservation();
        var fences = Enumerable.Range(0, 8).Select(_ => timeline.CreateFence()).ToArray();

        for (var round = 0; round < 3; round++)
        {
            foreach (var fence in fences)
            {
                reservation.Add(fence, FenceUsage.Write);
            }
        }

        Assert.Equal([fences[^1]], Fences(reservation, FenceUsage.Write));
    }

    [Fact]
    public void Fences_of_different_timelines_are_all_kept()
    {
        var reservation = new DmaReservation();
        var fences = Enumerable.Range(0, 20).Select(i => FenceTestKit.Timeline($"t{i}").CreateFence()).ToList();

        fences.ForEach(f => reservation.Add(f, FenceUsage.Read));

        Assert.Equal(fences, Fences(reservation, FenceUsage.Read));
    }

    [Fact]
    public void Signalled_fences_are_pruned_and_not_added()
    {
        var reservation = new DmaReservation();
        var a = FenceTestKit.Timeline("a");
        var b = FenceTestKit.Timeline("b");
        var fa = a.CreateFence();
        var fb = b.CreateFence();
        reservation.Add(fa, FenceUsage.Write);
        reservation.Add(fb, FenceUsage.Read);

        a.Signal(fa);
        Assert.Equal([fb], Fences(reservation, FenceUsage.Bookkeep));
        Assert.Equal(1, reservation.Count);

        reservation.Add(FenceTestKit.Service.SignaledFence, FenceUsage.Kernel);
        b.Signal(fb);
        Assert.True(reservation.IsSignaled(FenceUsage.Bookkeep));
        Assert.Equal(0, reservation.Count);
    }

    [Fact]
    public void Adding_prunes_signalled_fences_in_place()
    {
        var reservation = new DmaReservation();
        var timelines = Enumerable.Range(0, 6).Select(i => FenceTestKit.Timeline($"t{i}")).ToList();
        var fences = timelines.Select(t => t.CreateFence()).ToList();
        fences.ForEach(f => reservation.Add(f, FenceUsage.Read));
        timelines.Take(5).ToList().ForEach(t => t.Advance());

        reservation.Add(FenceTestKit.Timeline().CreateFence(), FenceUsage.Write);

        Assert.Equal(2, reservation.Count);
    }

    [Fact]
    public void IsSignaled_looks_only_at_the_level_asked_and_lower()
    {
        var reservation = new DmaReservation();
        reservation.Add(FenceTestKit.Timeline().CreateFence(), FenceUsage.Read);

        Assert.True(reservation.IsSignaled(FenceUsage.Write));
        Assert.False(reservation.IsSignaled(FenceUsage.Read));
        Assert.False(reservation.IsSignaled(FenceUsage.Bookkeep));
    }

    [Fact]
    public void An_unknown_usage_is_refused()
    {
        var reservation = new DmaReservation();
        var fence = FenceTestKit.Timeline().CreateFence();

        Assert.Throws<ArgumentOutOfRangeException>(() => reservation.Add(fence, (FenceUsage)4));
        Assert.Throws<ArgumentOutOfRangeException>(() => reservation.GetFences((FenceUsage)(-1), new List<IDmaFence>()));
        Assert.Throws<ArgumentOutOfRangeException>(() => reservation.Wait((FenceUsage)9));
    }

    private static List<IDmaFence> Fences(DmaReservation reservation, FenceUsage usage)
    {
        var found = new List<IDmaFence>();
        reservation.GetFences(usage, found);
        return found;
    }
}
