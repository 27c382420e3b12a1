using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Core.Tests.Memory;

public sealed class PageAllocatorTests
{
    [Fact]
    public void A_fresh_heap_gives_one_run()
    {
        var allocator = new PageAllocator(1 << 20, 4 << 20);
        var runs = new List<(long, long)>();

        Assert.True(allocator.TryAllocate(2048, 1, runs));

        Assert.Equal([(1L << 20, 2048L)], runs);
    }

    [Fact]
    public void A_fragmented_heap_gives_scattered_runs_filling_the_holes_first()
    {
        var allocator = new PageAllocator(0, 1024);
        var singles = new List<List<(long Pfn, long Count)>>();
        for (var i = 0; i < 16; i++)
        {
            var one = new List<(long, long)>();
            Assert.True(allocator.TryAllocate(1, 1, one));
            singles.Add(one);
        }

        // Free every other page: holes at 0, 2, 4, ... 14.
        for (var i = 0; i < 16; i += 2)
        {
            allocator.Free(singles[i][0].Pfn, 1);
        }

        var runs = new List<(long, long)>();
        Assert.True(allocator.TryAllocate(10, 1, runs));

        Assert.Equal([(0L, 1L), (2L, 1L), (4L, 1L), (6L, 1L), (8L, 1L), (10L, 1L), (12L, 1L), (14L, 1L), (16L, 2L)], runs);
    }

    [Fact]
    public void The_first_page_honours_the_alignment_and_the_rest_may_lie_below_it()
    {
        var allocator = new PageAllocator(0, 64);
        var first = new List<(long, long)>();
        Assert.True(allocator.TryAllocate(1, 1, first)); // page 0
        var runs = new List<(long, long)>();
        Assert.True(allocator.TryAllocate(16, 8, runs));

        Assert.Equal([(8L, 16L)], runs);
        var more = new List<(long, long)>();
        Assert.True(allocator.TryAllocate(62 - 16 - 7, 32, more));
        Assert.Equal(32L, more[0].Item1);
        Assert.Contains((1L, 7L), more);
    }

    [Fact]
    public void Too_large_a_request_is_refused_without_change()
    {
        var allocator = new PageAllocator(0, 100);
        var runs = new List<(long, long)>();

        Assert.False(allocator.TryAllocate(101, 1, runs));

        Assert.Empty(runs);
        Assert.Equal(100, allocator.FreePages);
    }

    [Fact]
    public void A_double_free_is_caught()
    {
        var allocator = new PageAllocator(0, 100);
        var runs = new List<(long Pfn, long Count)>();
        Assert.True(allocator.TryAllocate(10, 1, runs));
        allocator.Free(runs[0].Pfn, 10);

        Assert.Throws<InvalidOperationException>(() => allocator.Free(runs[0].Pfn, 10));
    }

    [Fact]
    public void Sixteen_GiB_of_pages_cost_half_a_mebibyte()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        _ = new PageAllocator(1 << 20, 4 << 20);
        var cost = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(cost, 512 * 1024, 520 * 1024);
    }
}
