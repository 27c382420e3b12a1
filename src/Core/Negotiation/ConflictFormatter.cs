using System.Globalization;
using PluggableDmaBuf.Core.Diagnostics;
using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Core.Negotiation;

/// <summary>
/// The words of every placement conflict: what a device needs that a placement does not give (from
/// a <see cref="Reach"/>), what a heap fails at (for the engine's list of heaps), where a buffer lies,
/// and the attach and map refusals built from them. Runs only when a conflict is raised.
/// </summary>
internal static class ConflictFormatter
{
    /// <summary>What <paramref name="device"/> needs that <paramref name="shape"/> does not give, as the verdict <paramref name="reach"/> found it.</summary>
    /// <param name="device">The device.</param>
    /// <param name="reach">A verdict that is not direct.</param>
    /// <param name="shape">The placement evaluated.</param>
    /// <param name="bounceBuffers">Whether bounce buffering is on (it explains an unserved address mask).</param>
    public static string Need(DeviceDescription device, Reach reach, in PlacementShape shape, bool bounceBuffers) => reach.Reason switch
    {
        ReachReason.HeapNotReachable => $"it does not reach heap {shape.Heap.Name}",
        ReachReason.IoVirtualSpaceTooSmall => $"its {device.AddressBits}-bit IO-virtual space cannot hold {ByteSize.Format(shape.Size)}",
        ReachReason.TooManySegments => string.Create(CultureInfo.InvariantCulture,
            $"it needs at most {Segments(device.MaxSegments ?? 0)} without IOMMU and {shape.Heap.Name} gives {reach.Segments} {(shape.Heap.Kind == HeapKind.Scattered ? "scattered pages" : "segments")}"),
        ReachReason.Misaligned => string.Create(CultureInfo.InvariantCulture, $"it needs the buffer to start at a multiple of {device.Alignment}"),
        ReachReason.BeyondMask => $"it needs addresses below {ByteSize.Limit(device.AddressLimit)} without IOMMU and " +
            (bounceBuffers ? "no bounce buffer fits" : "bounce buffering is off"),
        _ => "it reaches the placement",
    };

    /// <summary>What a heap the engine considered fails at, for the devices the verdicts named.</summary>
    public static string HeapReasons(HeapDescription heap, bool address, long segments, long size, long? free)
    {
        var reasons = new List<string>(3);
        if (address)
        {
            reasons.Add($"lies up to {ByteSize.Limit(heap.Last)}");
        }

        if (segments > 0)
        {
            reasons.Add(heap.Kind == HeapKind.Scattered
                ? string.Create(CultureInfo.InvariantCulture, $"gives scattered pages ({segments} segments)")
                : string.Create(CultureInfo.InvariantCulture, $"needs {segments} segments of the segment size limit"));
        }

        if (free is { } room)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture,
                $"({ByteSize.Format(room)}{(room == heap.Size ? "" : " free")}) cannot hold {size} bytes"));
        }

        return heap.Name + " " + string.Join(" and ", reasons);
    }

    /// <summary>What a device without IOMMU needs, named in a negotiation conflict of kind <paramref name="kind"/>.</summary>
    public static string DeviceNeeds(DeviceDescription device, ConstraintKind kind)
    {
        if (device.HasIommu)
        {
            return "";
        }

        var parts = new List<string>(2);
        if (device.MaxSegments is { } segments && kind is ConstraintKind.Segments or ConstraintKind.Heap)
        {
            parts.Add(Segments(segments));
        }

        if (device.AddressBits < 64 && kind is ConstraintKind.Address or ConstraintKind.Heap)
        {
            parts.Add($"addresses below {ByteSize.Limit(device.AddressLimit)}");
        }

        return parts.Count == 0 ? "" : $"{device.Name} needs {string.Join(" and ", parts)} without IOMMU";
    }

    /// <summary>Where a buffer lies: its heap and runs, or its layout while it is not placed.</summary>
    public static string Where(PhysicalPlacement? physical, long size, object layout) => physical is null
        ? $"not yet placed, {layout}"
        : string.Create(CultureInfo.InvariantCulture,
            $"placed in {physical.Heap.Name} ({ByteSize.Format(size)} in {physical.Runs.Length} run{(physical.Runs.Length == 1 ? "" : "s")} from 0x{physical.Lowest:x} to 0x{physical.Highest + 1:x})");

    /// <summary>An attach refused: names the device, the buffer and where it lies, what the device needs, and the engine's reason when it was asked.</summary>
    public static BufferPlacementConflictException AttachRefused(ConstraintKind kind, DeviceDescription device, string buffer, string where,
        string need, NegotiationConflict? cause)
    {
        var devices = new List<string> { device.Name };
        if (cause is not null)
        {
            devices.AddRange(cause.Devices.Where(d => !devices.Contains(d, StringComparer.Ordinal)));
        }

        var message = $"{device.Name} cannot attach to {buffer} ({where}): {need}" + (cause is null ? "" : ": " + cause.Message);
        return new BufferPlacementConflictException(new NegotiationConflict(kind, devices, message));
    }

    /// <summary>A map refused: the device, the buffer and why.</summary>
    public static BufferPlacementConflictException MapRefused(ConstraintKind kind, DeviceDescription device, string buffer, string why) =>
        new(new NegotiationConflict(kind, [device.Name], $"{device.Name} cannot map {buffer}: {why}"));

    /// <summary>A placement the engine could not make for a buffer at <paramref name="moment"/> ("its first map").</summary>
    public static BufferPlacementConflictException PlacementFailed(string buffer, string moment, NegotiationConflict conflict) =>
        new(new NegotiationConflict(conflict.Constraint, conflict.Devices, $"{buffer} cannot {moment}: {conflict.Message}"));

    private static string Segments(int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} segment{(count == 1 ? "" : "s")}");
}
