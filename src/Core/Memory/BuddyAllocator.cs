using System.Numerics;

namespace PluggableDmaBuf.Core.Memory;

/// <summary>
/// The allocator of the contiguous heaps: a binary buddy system over a range of page frames. A
/// request of <c>n</c> frames takes the lowest free block of the smallest order that holds it
/// (splitting larger blocks), then gives the unused tail back, as Linux's
/// <c>alloc_pages_exact</c> does; freeing merges a block with its buddy for as long as the buddy
/// is free, so that freeing everything coalesces back to the initial blocks.
/// </summary>
/// <remarks>
/// Blocks are aligned on absolute frame numbers (a block of order <c>k</c> starts at a multiple of
/// <c>2^k</c> frames), as physical memory is. Free blocks are kept in one bitmap per order, searched
/// a word at a time from a per-order hint, so that the whole structure for 8 GiB of frames is about
/// 0.5 MiB and an allocation touches a handful of words. A further bitmap of allocated frames
/// catches double frees. Not thread safe: the owning <see cref="DmaHeap"/> serialises calls.
/// </remarks>
internal sealed class BuddyAllocator
{
    private const int WordBits = 64;

    private readonly ulong[][] _freeBlocks;
    private readonly int[] _freeCounts;
    private readonly int[] _hints;
    private readonly ulong[] _allocated;
    private readonly long _endPfn;
    private long _freePages;

    /// <summary>Creates an allocator over <paramref name="pages"/> frames from <paramref name="basePfn"/>, all free.</summary>
    public BuddyAllocator(long basePfn, long pages)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(basePfn);
        ArgumentOutOfRangeException.ThrowIfLessThan(pages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pages, (long)int.MaxValue * WordBits / 2);
        BasePfn = basePfn;
        Pages = pages;
        _endPfn = basePfn + pages;
        MaxOrder = 63 - BitOperations.LeadingZeroCount((ulong)pages);
        _freeBlocks = new ulong[MaxOrder + 1][];
        _freeCounts = new int[MaxOrder + 1];
        _hints = new int[MaxOrder + 1];
        for (var order = 0; order <= MaxOrder; order++)
        {
            var bits = ((_endPfn - 1) >> order) - (basePfn >> order) + 1;
            _freeBlocks[order] = new ulong[(bits + WordBits - 1) / WordBits];
        }

        _allocated = new ulong[(pages + WordBits - 1) / WordBits];
        AddFreeRange(basePfn, pages);
        _freePages = pages;
    }

    /// <summary>The first page frame number.</summary>
    public long BasePfn { get; }

    /// <summary>The number of frames managed.</summary>
    public long Pages { get; }

    /// <summary>The largest order a block can have.</summary>
    public int MaxOrder { get; }

    /// <summary>Frames currently free.</summary>
    public long FreePages => _freePages;

    /// <summary>The size in frames of the largest free block (what one allocation can get at most).</summary>
    public long LargestFreeBlockPages
    {
        get
        {
            for (var order = MaxOrder; order >= 0; order--)
            {
                if (_freeCounts[order] > 0)
                {
                    return 1L << order;
                }
            }

            return 0;
        }
    }

    /// <summary>The number of free blocks of <paramref name="order"/>.</summary>
    public int FreeBlocks(int order) => _freeCounts[order];

    /// <summary>Whether frame <paramref name="pfn"/> is allocated.</summary>
    public bool IsAllocated(long pfn)
    {
        var index = pfn - BasePfn;
        ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(pfn));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Pages, nameof(pfn));
        return (_allocated[index / WordBits] & (1UL << (int)(index % WordBits))) != 0;
    }

    /// <summary>
    /// Allocates <paramref name="count"/> contiguous frames starting at a multiple of
    /// <paramref name="alignPages"/> (a power of two) and returns the first frame number, or -1
    /// when no free block is large enough.
    /// </summary>
    public long TryAllocate(long count, long alignPages)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (alignPages < 1 || !BitOperations.IsPow2(alignPages))
        {
            throw new ArgumentOutOfRangeException(nameof(alignPages), alignPages, "must be a power of two");
        }

        var order = Math.Max(OrderFor(count), BitOperations.Log2((ulong)alignPages));
        if (order > MaxOrder)
        {
            return -1;
        }

        var found = order;
        while (found <= MaxOrder && _freeCounts[found] == 0)
        {
            found++;
        }

        if (found > MaxOrder)
        {
            return -1;
        }

        var pfn = TakeLowest(found);
        while (found > order)
        {
            // Keep the lower half, give the upper half (its buddy) back at the order below.
            found--;
            SetFree(pfn + (1L << found), found, free: true);
        }

        var blockPages = 1L << order;
        if (blockPages > count)
        {
            AddFreeRange(pfn + count, blockPages - count);
        }

        MarkAllocated(pfn, count, allocated: true);
        _freePages -= count;
        return pfn;
    }

    /// <summary>Frees <paramref name="count"/> frames from <paramref name="pfn"/>, merging buddies.</summary>
    /// <exception cref="InvalidOperationException">Part of the range is not allocated (a double free).</exception>
    public void Free(long pfn, long count)
    {
        if (pfn < BasePfn || count < 1 || pfn + count > _endPfn)
        {
            throw new ArgumentOutOfRangeException(nameof(pfn), $"frames {pfn}+{count} are outside [{BasePfn}, {_endPfn})");
        }

        if (!AllAllocated(pfn - BasePfn, count))
        {
            throw new InvalidOperationException($"frames {pfn}+{count} are not all allocated (double free)");
        }

        MarkAllocated(pfn, count, allocated: false);
        AddFreeRange(pfn, count);
        _freePages += count;
    }

    /// <summary>The smallest order whose block holds <paramref name="count"/> frames.</summary>
    internal static int OrderFor(long count) => count <= 1 ? 0 : 64 - BitOperations.LeadingZeroCount((ulong)(count - 1));

    /// <summary>Frees a range as the largest aligned blocks that tile it, each merged with its buddies.</summary>
    private void AddFreeRange(long pfn, long count)
    {
        var end = pfn + count;
        while (pfn < end)
        {
            var order = Math.Min(MaxOrder, pfn == 0 ? MaxOrder : BitOperations.TrailingZeroCount(pfn));
            while ((1L << order) > end - pfn)
            {
                order--;
            }

            FreeBlock(pfn, order);
            pfn += 1L << order;
        }
    }

    private void FreeBlock(long pfn, int order)
    {
        while (order < MaxOrder)
        {
            var buddy = pfn ^ (1L << order);
            if (buddy < BasePfn || buddy + (1L << order) > _endPfn || !IsFree(buddy, order))
            {
                break;
            }

            SetFree(buddy, order, free: false);
            pfn = Math.Min(pfn, buddy);
            order++;
        }

        SetFree(pfn, order, free: true);
    }

    private long TakeLowest(int order)
    {
        var words = _freeBlocks[order];
        for (var w = _hints[order]; w < words.Length; w++)
        {
            if (words[w] != 0)
            {
                _hints[order] = w;
                var index = (long)w * WordBits + BitOperations.TrailingZeroCount(words[w]);
                var pfn = ((BasePfn >> order) + index) << order;
                SetFree(pfn, order, free: false);
                return pfn;
            }
        }

        throw new InvalidOperationException($"order {order} counts {_freeCounts[order]} free blocks but its bitmap has none");
    }

    private bool IsFree(long pfn, int order)
    {
        var index = (pfn >> order) - (BasePfn >> order);
        return (_freeBlocks[order][index / WordBits] & (1UL << (int)(index % WordBits))) != 0;
    }

    private void SetFree(long pfn, int order, bool free)
    {
        var index = (pfn >> order) - (BasePfn >> order);
        var w = (int)(index / WordBits);
        var bit = 1UL << (int)(index % WordBits);
        if (free)
        {
            _freeBlocks[order][w] |= bit;
            _freeCounts[order]++;
            _hints[order] = Math.Min(_hints[order], w);
        }
        else
        {
            _freeBlocks[order][w] &= ~bit;
            _freeCounts[order]--;
        }
    }

    private bool AllAllocated(long start, long count)
    {
        var end = start + count;
        while (start < end)
        {
            var w = (int)(start / WordBits);
            var bit = (int)(start % WordBits);
            var span = (int)Math.Min(WordBits - bit, end - start);
            var mask = span == WordBits ? ulong.MaxValue : ((1UL << span) - 1) << bit;
            if ((_allocated[w] & mask) != mask)
            {
                return false;
            }

            start += span;
        }

        return true;
    }

    private void MarkAllocated(long pfn, long count, bool allocated)
    {
        var start = pfn - BasePfn;
        var end = start + count;
        while (start < end)
        {
            var w = (int)(start / WordBits);
            var bit = (int)(start % WordBits);
            var span = (int)Math.Min(WordBits - bit, end - start);
            var mask = span == WordBits ? ulong.MaxValue : ((1UL << span) - 1) << bit;
            _allocated[w] = allocated ? _allocated[w] | mask : _allocated[w] & ~mask;
            start += span;
        }
    }
}
