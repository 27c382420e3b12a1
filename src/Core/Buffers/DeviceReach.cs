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

    /// <summary>Whether <paramref name="device"/> takes <paramref name="modifier"/> for <paramref name="format"/> (the rule of <see cref="DeviceDescription.ModifiersFor"/>, without allocating).</summary>
    public static bool Accepts(DeviceDescription device, PixelFormat format, string modifier)
    {
        if (device.Formats is not { } formats)
        {
            return string.Equals(modifier, FormatSupport.Linear, StringComparison.Ordinal);
        }

        for (var i = 0; i < formats.Count; i++)
        {
            if (!ReferenceEquals(formats[i].Format, format))
            {
                continue;
            }

            var modifiers = formats[i].Modifiers;
            for (var j = 0; j < modifiers.Count; j++)
            {
                if (string.Equals(modifiers[j], modifier, StringComparison.Ordinal))
                {
                    return true;
                }
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
