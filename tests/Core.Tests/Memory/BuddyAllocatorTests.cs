using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Core.Tests.Memory;

public sealed class BuddyAllocatorTests
{
    [Fact]
    public void A_request_takes_the_lowest_block_and_gives_the_tail_back()
    {
        var allocator = new BuddyAllocator(0, 64);

        var pfn = allocator.TryAllocate(5, 1);

        Assert.Equal(0, pfn);
        Assert.Equal(59, allocator.FreePages);
        Assert.False(allocator.IsAllocated(5));
        Assert.Equal(5, allocator.TryAllocate(1, 1)); // the tail is reusable at once
    }

    [Fact]
    public void Fragmentation_limits_the_largest_block_even_with_enough_free_pages()
    {
        var allocator = new BuddyAllocator(0, 64);
        var blocks = Enumerable.Range(0, 8).Select(_ => allocator.TryAllocate(8, 1)).ToArray();
        for (var i = 0; i < 8; i += 2)
        {
            allocator.Free(blocks[i], 8);
        }

        Assert.Equal(32, allocator.FreePages);
        Assert.Equal(8, allocator.LargestFreeBlockPages);
        Assert.Equal(-1, allocator.TryAllocate(16, 1));

        allocator.Free(blocks[1], 8);
        Assert.Equal(0, allocator.TryAllocate(16, 1)); // 0..15 merged back
    }

    [Fact]
    public void Alignment_larger_than_the_request_raises_the_order()
    {
        var allocator = new BuddyAllocator(3, 200);

        var pfn = allocator.TryAllocate(1, 16);

        Assert.Equal(0, pfn % 16);
        Assert.InRange(pfn, 3, 202);
    }

    [Fact]
    public void A_request_larger_than_any_block_fails()
    {
        var allocator = new BuddyAllocator(0, 100);

        Assert.Equal(-1, allocator.TryAllocate(101, 1));
        Assert.Equal(64, allocator.LargestFreeBlockPages);
        Assert.Equal(-1, allocator.TryAllocate(65, 1));
    }

    [Fact]
    public void A_double_free_is_caught()
    {
        var allocator = new BuddyAllocator(0, 64);
        var pfn = allocator.TryAllocate(4, 1);
        allocator.Free(pfn, 4);

        Assert.Throws<InvalidOperationException>(() => allocator.Free(pfn, 4));
    }
}
