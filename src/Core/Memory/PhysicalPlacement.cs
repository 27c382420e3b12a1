namespace PluggableDmaBuf.Core.Memory;

/// <summary>
/// Where a buffer lies in the modelled physical address space: the heap and the page runs, in
/// buffer order. Created by allocating from a <see cref="DmaHeap"/>; freed exactly once.
/// </summary>
internal sealed class PhysicalPlacement
{
    private int _freed;

    private PhysicalPlacement(DmaHeap heap, PageRun[] runs, long size)
    {
        Heap = heap;
        Runs = runs;
        Size = size;
        Lowest = ulong.MaxValue;
        foreach (var run in runs)
        {
            Lowest = Math.Min(Lowest, run.Address);
            Highest = Math.Max(Highest, run.Last);
        }
    }

    public DmaHeap Heap { get; }

    /// <summary>The runs, in the order the buffer's bytes use them; adjacent runs are already merged.</summary>
    public PageRun[] Runs { get; }

    /// <summary>Bytes placed (the buffer's size).</summary>
    public long Size { get; }

    /// <summary>The lowest address of any run.</summary>
    public ulong Lowest { get; }

    /// <summary>The highest address of any run.</summary>
    public ulong Highest { get; }

    /// <summary>The first address of the buffer.</summary>
    public ulong Start => Runs[0].Address;

    /// <summary>Allocates <paramref name="size"/> bytes in <paramref name="heap"/>, or returns <c>null</c> when it has no room.</summary>
    public static PhysicalPlacement? TryAllocate(DmaHeap heap, long size, long alignment)
    {
        var runs = new List<PageRun>(heap.Description.Kind == HeapKind.Contiguous ? 1 : 4);
        if (!heap.TryAllocate(size, alignment, runs))
        {
            return null;
        }

        heap.Count(1, size);
        return new PhysicalPlacement(heap, [.. runs], size);
    }

    /// <summary>How many segments a device without IOMMU sees: one per run, split at <paramref name="maxSegmentSize"/>.</summary>
    public long CountSegments(long? maxSegmentSize)
    {
        if (maxSegmentSize is not { } limit)
        {
            return Runs.Length;
        }

        long segments = 0;
        foreach (var run in Runs)
        {
            segments += (run.Length + limit - 1) / limit;
        }

        return segments;
    }

    /// <summary>Gives the runs back to the heap; later calls do nothing.</summary>
    public void Free()
    {
        if (Interlocked.Exchange(ref _freed, 1) == 0)
        {
            Heap.Free(Runs);
            Heap.Count(-1, Size);
        }
    }
}
