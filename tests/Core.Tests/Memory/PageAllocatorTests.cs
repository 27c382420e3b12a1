using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Core.Tests.Memory;

public sealed class PageAllocatorTests
{
    [Fact]
    public void A_fresh_heap_gives_one_run()
    {
        var allocator = new PageAllocator(1 << 20, 4 << 20);
        var runs = new List<PageRun>();

        Assert.True(allocator.TryAllocate(2048, 1, runs));

        Assert.Equal([(1L << 20, 2048L)], Frames(runs));
    }

    [Fact]
    public void A_fragmented_heap_gives_scattered_runs_filling_the_holes_first()
    {
        var allocator = new PageAllocator(0, 1024);
        var singles = new List<List<PageRun>>();
        for (var i = 0; i < 16; i++)
        {
            var one = new List<PageRun>();
            Assert.True(allocator.TryAllocate(1, 1, one));
            singles.Add(one);
        }

        // Free every other page: holes at 0, 2, 4, ... 14.
        for (var i = 0; i < 16; i += 2)
        {
            allocator.Free(Frames(singles[i])[0].Pfn, 1);
        }

        var runs = new List<PageRun>();
        Assert.True(allocator.TryAllocate(10, 1, runs));

        Assert.Equal([(0L, 1L), (2L, 1L), (4L, 1L), (6L, 1L), (8L, 1L), (10L, 1L), (12L, 1L), (14L, 1L), (16L, 2L)], Frames(runs));
    }

    [Fact]
    public void The_first_page_honours_the_alignment_and_the_rest_may_lie_below_it()
    {
        var allocator = new PageAllocator(0, 64);
        var first = new List<PageRun>();
        Assert.True(allocator.TryAllocate(1, 1, first)); // page 0
        var runs = new List<PageRun>();
        Assert.True(allocator.TryAllocate(16, 8, runs));

        Assert.Equal([(8L, 16L)], Frames(runs));
        var more = new List<PageRun>();
        Assert.True(allocator.TryAllocate(62 - 16 - 7, 32, more));
        Assert.Equal(32L, Frames(more)[0].Pfn);
        Assert.Contains((1L, 7L), Frames(more));
    }

    [Fact]
    public void Runs_of_separate_allocations_appended_to_one_list_are_not_merged()
    {
        var allocator = new PageAllocator(0, 64);
        var runs = new List<PageRun>();

        Assert.True(allocator.TryAllocate(1, 1, runs));
        Assert.True(allocator.TryAllocate(1, 1, runs));

        Assert.Equal([(0L, 1L), (1L, 1L)], Frames(runs));
    }

    [Fact]
    public void Freeing_many_runs_at_once_frees_exactly_them_and_catches_a_double_free_among_them()
    {
        var allocator = new PageAllocator(10, 300);
        var all = new List<PageRun>();
        Assert.True(allocator.TryAllocate(300, 1, all));
        var singles = Enumerable.Range(0, 150).Select(i => new PageRun((ulong)(10 + 2 * i) * 4096, 4096)).ToArray();

        allocator.Free(singles.Append(new PageRun(11 * 4096, 4096)).ToArray());

        Assert.Equal(151, allocator.FreePages);
        Assert.False(allocator.IsAllocated(10));
        Assert.False(allocator.IsAllocated(11));
        Assert.True(allocator.IsAllocated(13));
        Assert.Throws<InvalidOperationException>(() => allocator.Free([new PageRun(13 * 4096, 4096), new PageRun(14 * 4096, 4096)]));
    }

    [Fact]
    public void Too_large_a_request_is_refused_without_change()
    {
        var allocator = new PageAllocator(0, 100);
        var runs = new List<PageRun>();

        Assert.False(allocator.TryAllocate(101, 1, runs));

        Assert.Empty(runs);
        Assert.Equal(100, allocator.FreePages);
    }

    [Fact]
    public void A_double_free_is_caught()
    {
        var allocator = new PageAllocator(0, 100);
        var runs = new List<PageRun>();
        Assert.True(allocator.TryAllocate(10, 1, runs));
        allocator.Free(Frames(runs)[0].Pfn, 10);

        Assert.Throws<InvalidOperationException>(() => allocator.Free(Frames(runs)[0].Pfn, 10));
    }

    /// <summary>Runs as (frame number, frame count).</summary>
    internal static List<(long Pfn, long Count)> Frames(List<PageRun> runs) =>
        runs.Select(r => ((long)(r.Address / 4096), r.Length / 4096)).ToList();

    [Fact]
    public void Sixteen_GiB_of_pages_cost_half_a_mebibyte()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = new PageAllocator(1 << 20, 4 << 20);
        var cost = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(cost, 512 * 1024, 520 * 1024);
    }
}
