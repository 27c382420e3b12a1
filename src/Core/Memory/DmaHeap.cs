namespace PluggableDmaBuf.Core.Memory;

/// <summary>
/// One heap of the memory map with its allocator: a <see cref="PageAllocator"/> for a scattered
/// heap, a <see cref="BuddyAllocator"/> for a contiguous one. Tracks the buffers placed in it.
/// </summary>
/// <remarks>Placement is bookkeeping only: the heap reserves no real memory. Thread safe.</remarks>
internal sealed class DmaHeap
{
    private const int PageSize = DeviceDescription.PageSize;

    private readonly Lock _lock = new();
    private readonly PageAllocator? _pages;
    private readonly BuddyAllocator? _buddy;
    private long _liveBuffers;
    private long _liveBytes;

    public DmaHeap(HeapDescription description)
    {
        Description = description ?? throw new ArgumentNullException(nameof(description));
        var basePfn = (long)(description.Base / PageSize);
        var pages = description.Size / PageSize;
        if (description.Kind == HeapKind.Scattered)
        {
            _pages = new PageAllocator(basePfn, pages);
        }
        else
        {
            _buddy = new BuddyAllocator(basePfn, pages);
        }
    }

    public HeapDescription Description { get; }

    public string Name => Description.Name;

    /// <summary>Buffers currently placed in the heap.</summary>
    public long LiveBuffers => Interlocked.Read(ref _liveBuffers);

    /// <summary>Bytes of the buffers currently placed in the heap.</summary>
    public long LiveBytes => Interlocked.Read(ref _liveBytes);

    /// <summary>Bytes not allocated.</summary>
    public long FreeBytes
    {
        get
        {
            lock (_lock)
            {
                return (_pages?.FreePages ?? _buddy!.FreePages) * PageSize;
            }
        }
    }

    /// <summary>The most one allocation can get: every free page of a scattered heap, the largest free block of a contiguous one.</summary>
    public long LargestFreeBlock
    {
        get
        {
            lock (_lock)
            {
                return (_pages?.FreePages ?? _buddy!.LargestFreeBlockPages) * PageSize;
            }
        }
    }

    /// <summary>
    /// Allocates <paramref name="size"/> bytes (rounded up to pages) starting at a multiple of
    /// <paramref name="alignment"/>, appending the runs to <paramref name="runs"/> in buffer order.
    /// Returns <c>false</c>, appending nothing, when the heap cannot hold it.
    /// </summary>
    public bool TryAllocate(long size, long alignment, List<PageRun> runs)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentNullException.ThrowIfNull(runs);
        var pages = (size + PageSize - 1) / PageSize;
        var alignPages = Math.Max(1, alignment / PageSize);
        lock (_lock)
        {
            if (_buddy is not null)
            {
                var pfn = _buddy.TryAllocate(pages, alignPages);
                if (pfn < 0)
                {
                    return false;
                }

                runs.Add(new PageRun((ulong)pfn * PageSize, pages * PageSize));
                return true;
            }

            return _pages!.TryAllocate(pages, alignPages, runs);
        }
    }

    /// <summary>Frees runs this heap handed out.</summary>
    public void Free(ReadOnlySpan<PageRun> runs)
    {
        lock (_lock)
        {
            if (_pages is not null)
            {
                _pages.Free(runs);
                return;
            }

            foreach (var run in runs)
            {
                _buddy!.Free((long)(run.Address / PageSize), run.Length / PageSize);
            }
        }
    }

    /// <summary>Counts a buffer placed in (<paramref name="delta"/> = 1) or leaving (-1) the heap.</summary>
    public void Count(int delta, long bytes)
    {
        Interlocked.Add(ref _liveBuffers, delta);
        Interlocked.Add(ref _liveBytes, delta * bytes);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
