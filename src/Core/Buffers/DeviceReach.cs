using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>Allocation-free checks of what a device can reach, for the attach and map paths.</summary>
internal static class DeviceReach
{
    /// <summary>The same rule as <see cref="DeviceDescription.CanReach"/>, without enumerator allocations.</summary>
    public static bool CanReach(DeviceDescription device, HeapDescription heap)
    {
        if (device.Heaps is not { } heaps)
        {
            return !heap.IsDeviceLocal;
        }

        for (var i = 0; i < heaps.Count; i++)
        {
            if (string.Equals(heaps[i], heap.Name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="device"/> lists <paramref name="modifier"/> for <paramref name="format"/>.</summary>
    public static bool Accepts(DeviceDescription device, PixelFormat format, string modifier)
    {
        var modifiers = device.ModifiersFor(format);
        for (var i = 0; i < modifiers.Count; i++)
        {
            if (string.Equals(modifiers[i], modifier, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

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
