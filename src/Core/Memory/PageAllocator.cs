using System.Numerics;

namespace PluggableDmaBuf.Core.Memory;

/// <summary>
/// The allocator of the scattered heaps: single pages from anywhere in a range of page frames,
/// handed out first-fit from the lowest free page, so that a buffer gets whatever runs the free
/// pages form — one run on a fresh heap, many once the heap is fragmented.
/// </summary>
/// <remarks>
/// A bitmap (one bit per page, 1 = allocated) keeps 16 GiB of 4 KiB pages in 512 KiB; runs are
/// found and marked a 64-bit word at a time. A hint remembers the lowest word that may hold a free
/// page so that a mostly full heap is not rescanned from the start. Not thread safe: the owning
/// <see cref="DmaHeap"/> serialises calls.
/// </remarks>
internal sealed class PageAllocator
{
    private const int WordBits = 64;
    private const int PageSize = DeviceDescription.PageSize;

    private readonly ulong[] _used;
    private long _free;
    private int _hint;

    /// <summary>Creates an allocator over <paramref name="pages"/> frames from <paramref name="basePfn"/>, all free.</summary>
    public PageAllocator(long basePfn, long pages)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(basePfn);
        ArgumentOutOfRangeException.ThrowIfLessThan(pages, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pages, (long)int.MaxValue * WordBits / 2);
        BasePfn = basePfn;
        Pages = pages;
        _free = pages;
        _used = new ulong[(pages + WordBits - 1) / WordBits];
        var tail = (int)(pages % WordBits);
        if (tail != 0)
        {
            // Frames past the end count as allocated so that searches never hand them out.
            _used[^1] = ~0UL << tail;
        }
    }

    /// <summary>The first page frame number.</summary>
    public long BasePfn { get; }

    /// <summary>The number of frames managed.</summary>
    public long Pages { get; }

    /// <summary>Frames currently free.</summary>
    public long FreePages => _free;

    /// <summary>Whether frame <paramref name="pfn"/> is allocated.</summary>
    public bool IsAllocated(long pfn)
    {
        var index = pfn - BasePfn;
        ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(pfn));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Pages, nameof(pfn));
        return (_used[index / WordBits] & (1UL << (int)(index % WordBits))) != 0;
    }

    /// <summary>
    /// Allocates <paramref name="count"/> frames, the first at a frame number that is a multiple of
    /// <paramref name="alignPages"/>, and appends them to <paramref name="runs"/> as runs of frames in
    /// the order the buffer uses them (as byte addresses, adjacent runs merged). Returns <c>false</c>,
    /// leaving everything unchanged, when the heap has too few free frames or no aligned free frame.
    /// </summary>
    public bool TryAllocate(long count, long alignPages, List<PageRun> runs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(alignPages, 1);
        ArgumentNullException.ThrowIfNull(runs);
        if (count > _free)
        {
            return false;
        }

        var first = FindAlignedFree(alignPages);
        if (first < 0)
        {
            return false;
        }

        // Take free frames a word at a time from the aligned first one up, then (if the buffer
        // needs more) from the lowest free frame up to it.
        var firstRun = runs.Count;
        var remaining = count;
        var position = first;
        var limit = Pages;
        var wrapped = false;
        while (remaining > 0)
        {
            if (position >= limit)
            {
                if (wrapped)
                {
                    throw new InvalidOperationException($"the free count {_free} disagrees with the bitmap");
                }

                wrapped = true;
                position = (long)_hint * WordBits;
                limit = first;
                continue;
            }

            var w = (int)(position / WordBits);
            var wordStart = (long)w * WordBits;
            var free = ~_used[w] & (ulong.MaxValue << (int)(position - wordStart));
            if (limit - wordStart < WordBits)
            {
                free &= (1UL << (int)(limit - wordStart)) - 1;
            }

            var taken = 0UL;
            while (free != 0 && remaining > 0)
            {
                var bit = BitOperations.TrailingZeroCount(free);
                var shifted = free >> bit;
                // The run of free frames from this bit: the trailing ones of the shifted word (64 when all are free).
                var length = (int)Math.Min(BitOperations.TrailingZeroCount(~shifted), remaining);
                var mask = (length == WordBits ? ulong.MaxValue : (1UL << length) - 1) << bit;
                taken |= mask;
                free &= ~mask;
                Append(runs, firstRun, BasePfn + wordStart + bit, length);
                remaining -= length;
            }

            _used[w] |= taken;
            position = wordStart + WordBits;
        }

        _free -= count;
        while (_hint < _used.Length && _used[_hint] == ulong.MaxValue)
        {
            _hint++;
        }

        return true;
    }

    /// <summary>Frees runs previously allocated (byte addresses, as <see cref="TryAllocate"/> gives them).</summary>
    /// <exception cref="InvalidOperationException">Part of a run is not allocated (a double free); the runs before it are freed.</exception>
    public void Free(ReadOnlySpan<PageRun> runs)
    {
        // Runs of a fragmented heap are single pages a few bits apart: gather those that share a
        // word and check and clear them together.
        var word = -1;
        var pending = 0UL;
        foreach (var run in runs)
        {
            var pfn = (long)(run.Address / PageSize);
            var count = run.Length / PageSize;
            var start = pfn - BasePfn;
            var bit = (int)(start % WordBits);
            if (start < 0 || count < 1 || start + count > Pages || bit + count > WordBits)
            {
                FreeWord(word, pending);
                word = -1;
                pending = 0;
                Free(pfn, count);
                continue;
            }

            var w = (int)(start / WordBits);
            var mask = (count == WordBits ? ulong.MaxValue : (1UL << (int)count) - 1) << bit;
            if (w != word || (pending & mask) != 0)
            {
                FreeWord(word, pending);
                word = w;
                pending = 0;
            }

            pending |= mask;
        }

        FreeWord(word, pending);
    }

    /// <summary>Frees a run previously allocated.</summary>
    /// <exception cref="InvalidOperationException">Part of the run is not allocated (a double free).</exception>
    public void Free(long pfn, long count)
    {
        var start = pfn - BasePfn;
        if (start < 0 || count < 1 || start + count > Pages)
        {
            throw new ArgumentOutOfRangeException(nameof(pfn), $"frames {pfn}+{count} are outside [{BasePfn}, {BasePfn + Pages})");
        }

        var w = (int)(start / WordBits);
        var bit = (int)(start % WordBits);
        if (bit + count <= WordBits)
        {
            // A run inside one word (every run of a fragmented heap): check and clear in one go.
            var mask = (count == WordBits ? ulong.MaxValue : (1UL << (int)count) - 1) << bit;
            if ((_used[w] & mask) != mask)
            {
                throw new InvalidOperationException($"frames {pfn}+{count} are not all allocated (double free)");
            }

            _used[w] &= ~mask;
        }
        else
        {
            if (NextFree(start, start + count) >= 0)
            {
                throw new InvalidOperationException($"frames {pfn}+{count} are not all allocated (double free)");
            }

            Mark(start, count, used: false);
        }

        _free += count;
        _hint = Math.Min(_hint, w);
    }

    private static void Append(List<PageRun> runs, int firstRun, long pfn, long count)
    {
        var address = (ulong)pfn * PageSize;
        var length = count * PageSize;
        if (runs.Count > firstRun && runs[^1].End == address)
        {
            runs[^1] = runs[^1] with { Length = runs[^1].Length + length };
        }
        else
        {
            runs.Add(new PageRun(address, length));
        }
    }

    private void FreeWord(int w, ulong mask)
    {
        if (mask == 0)
        {
            return;
        }

        if ((_used[w] & mask) != mask)
        {
            var pfn = BasePfn + ((long)w * WordBits) + BitOperations.TrailingZeroCount(mask);
            throw new InvalidOperationException($"frames from {pfn} in word {w} are not all allocated (double free)");
        }

        _used[w] &= ~mask;
        _free += BitOperations.PopCount(mask);
        _hint = Math.Min(_hint, w);
    }

    private long FindAlignedFree(long alignPages)
    {
        if (alignPages == 1)
        {
            return NextFree((long)_hint * WordBits, Pages);
        }

        var floor = (long)_hint * WordBits;
        // Frame numbers are aligned absolutely, as a device sees physical addresses.
        var candidate = AlignUp(BasePfn + floor, alignPages) - BasePfn;
        while (candidate < Pages)
        {
            var word = _used[candidate / WordBits];
            if (word == ulong.MaxValue)
            {
                candidate = AlignUp(BasePfn + (candidate / WordBits + 1) * WordBits, alignPages) - BasePfn;
                continue;
            }

            if ((word & (1UL << (int)(candidate % WordBits))) == 0)
            {
                return candidate;
            }

            candidate += alignPages;
        }

        return -1;
    }

    private static long AlignUp(long value, long alignment) => (value + alignment - 1) / alignment * alignment;

    /// <summary>The first free frame index in [from, limit), or -1.</summary>
    private long NextFree(long from, long limit)
    {
        while (from < limit)
        {
            var w = (int)(from / WordBits);
            var free = ~_used[w] & (ulong.MaxValue << (int)(from % WordBits));
            if (free != 0)
            {
                var index = (long)w * WordBits + BitOperations.TrailingZeroCount(free);
                return index < limit ? index : -1;
            }

            from = (long)(w + 1) * WordBits;
        }

        return -1;
    }

    private void Mark(long start, long count, bool used)
    {
        var end = start + count;
        while (start < end)
        {
            var w = (int)(start / WordBits);
            var bit = (int)(start % WordBits);
            var span = (int)Math.Min(WordBits - bit, end - start);
            var mask = span == WordBits ? ulong.MaxValue : ((1UL << span) - 1) << bit;
            if (used)
            {
                _used[w] |= mask;
            }
            else
            {
                _used[w] &= ~mask;
            }

            start += span;
        }
    }
}
