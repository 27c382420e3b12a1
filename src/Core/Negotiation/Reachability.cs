namespace PluggableDmaBuf.Core.Negotiation;

/// <summary>
/// The one rule for "can this device reach this placement, and how": the negotiation engine asks it
/// of every heap it considers, the buffer asks it at attach (to accept, migrate or refuse) and at map
/// (to map directly or through a bounce buffer). What it answers for a prospective placement in a heap
/// holds for every real placement the engine then makes there.
/// </summary>
/// <remarks>
/// The checks, in order: the heap must be one the device reaches; behind an IOMMU the device's
/// IO-virtual space must hold the buffer, and nothing else matters (it sees one contiguous range);
/// without one, the segment count, the start alignment and the address mask — a mask that does not
/// reach the placement is served by a bounce buffer when <c>canBounce</c> says one fits, and is
/// unreachable otherwise. Pure and allocation-free.
/// </remarks>
internal static class Reachability
{
    /// <summary>Evaluates <paramref name="device"/> against <paramref name="shape"/>.</summary>
    /// <param name="device">The device.</param>
    /// <param name="shape">The placement.</param>
    /// <param name="canBounce">Whether a bounce buffer of the size fits for the device; <c>null</c> when bouncing is not an option (negotiation).</param>
    public static Reach Evaluate(DeviceDescription device, in PlacementShape shape, Func<DeviceDescription, long, bool>? canBounce)
    {
        if (!device.CanReach(shape.Heap))
        {
            return new Reach(ReachKind.Unreachable, ReachReason.HeapNotReachable);
        }

        if (device.HasIommu)
        {
            return (ulong)shape.Size > device.AddressLimit - DeviceDescription.PageSize + 1
                ? new Reach(ReachKind.Unreachable, ReachReason.IoVirtualSpaceTooSmall)
                : Reach.Direct;
        }

        // Without IOMMU every rule is checked, so that the engine can list each one a heap fails.
        var reasons = ReachReason.None;
        long segments = 0;
        if (device.MaxSegments is { } max)
        {
            segments = shape.SegmentsFor(device);
            if (segments > max)
            {
                reasons |= ReachReason.TooManySegments;
            }
        }

        if (!shape.StartsAtMultipleOf(device.Alignment))
        {
            reasons |= ReachReason.Misaligned;
        }

        if (shape.Highest > device.AddressLimit)
        {
            reasons |= ReachReason.BeyondMask;
        }

        if (reasons == ReachReason.None)
        {
            return Reach.Direct;
        }

        // Only the address mask alone can be served by a bounce buffer.
        var kind = reasons == ReachReason.BeyondMask && canBounce is not null && canBounce(device, shape.Size)
            ? ReachKind.Bounce
            : ReachKind.Unreachable;
        return new Reach(kind, reasons, (reasons & ReachReason.TooManySegments) != 0 ? segments : 0);
    }
}
