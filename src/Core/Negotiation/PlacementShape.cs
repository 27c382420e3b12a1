using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Core.Negotiation;

/// <summary>
/// What <see cref="Reachability"/> looks at in a placement: a prospective one (a heap the engine
/// considers, at the merged alignment, anywhere in the heap's zone) or a real one (the runs a buffer
/// was given). Allocation-free.
/// </summary>
internal readonly struct PlacementShape
{
    private readonly ulong _start;
    private readonly long _alignment;
    private readonly PhysicalPlacement? _physical;

    private PlacementShape(HeapDescription heap, long size, ulong start, long alignment, ulong highest, PhysicalPlacement? physical)
    {
        Heap = heap;
        Size = size;
        _start = start;
        _alignment = alignment;
        Highest = highest;
        _physical = physical;
    }

    public HeapDescription Heap { get; }

    public long Size { get; }

    /// <summary>The highest address the placement may use: the heap's last address for a prospective one.</summary>
    public ulong Highest { get; }

    /// <summary>A placement of <paramref name="size"/> bytes that the engine would make in <paramref name="heap"/> at <paramref name="alignment"/>.</summary>
    public static PlacementShape Prospective(HeapDescription heap, long size, long alignment) =>
        new(heap, size, 0, alignment, heap.Last, null);

    /// <summary>A real placement.</summary>
    public static PlacementShape Of(PhysicalPlacement physical) =>
        new(physical.Heap.Description, physical.Size, physical.Start, 0, physical.Highest, physical);

    public bool StartsAtMultipleOf(long alignment) =>
        _physical is null ? _alignment % alignment == 0 : _start % (ulong)alignment == 0;

    /// <summary>
    /// How many physical segments the placement is guaranteed to give <paramref name="device"/>
    /// (without IOMMU): a scattered heap guarantees only page-sized segments, whatever runs the
    /// allocator happened to find; a contiguous one gives its runs (one for a prospective placement)
    /// split at the device's segment size limit.
    /// </summary>
    public long SegmentsFor(DeviceDescription device)
    {
        if (Heap.Kind == HeapKind.Scattered)
        {
            return (Size + DeviceDescription.PageSize - 1) / DeviceDescription.PageSize;
        }

        if (_physical is not null)
        {
            return _physical.CountSegments(device.MaxSegmentSize);
        }

        return device.MaxSegmentSize is { } limit ? (Size + limit - 1) / limit : 1;
    }
}
