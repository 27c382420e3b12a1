using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>How many segments a placement gives a device, for the attach and map paths (allocation-free).</summary>
internal static class DeviceReach
{
    /// <summary>
    /// How many physical segments a placement is guaranteed to give <paramref name="device"/> (without
    /// IOMMU): as the spec reads it, a scattered heap guarantees only page-sized segments, whatever
    /// runs the allocator happened to find; a contiguous heap gives its runs split at the device's
    /// segment size limit.
    /// </summary>
    public static long Segments(DeviceDescription device, PhysicalPlacement placement) =>
        placement.Heap.Description.Kind == HeapKind.Scattered
            ? (placement.Size + DeviceDescription.PageSize - 1) / DeviceDescription.PageSize
            : placement.CountSegments(device.MaxSegmentSize);
}
