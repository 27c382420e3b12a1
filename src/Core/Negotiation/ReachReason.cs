namespace PluggableDmaBuf.Core.Negotiation;

/// <summary>Which rules a placement fails for a device (several at once without IOMMU), in the order they are checked.</summary>
[Flags]
internal enum ReachReason
{
    /// <summary>Nothing stands in the way.</summary>
    None = 0,

    /// <summary>The device does not reach the placement's heap.</summary>
    HeapNotReachable = 1,

    /// <summary>Behind an IOMMU, the device's IO-virtual space is smaller than the buffer.</summary>
    IoVirtualSpaceTooSmall = 2,

    /// <summary>Without IOMMU, the placement gives more segments than the device takes.</summary>
    TooManySegments = 4,

    /// <summary>Without IOMMU, the placement does not start at a multiple of the device's alignment.</summary>
    Misaligned = 8,

    /// <summary>Without IOMMU, the placement lies (partly) beyond the device's address mask.</summary>
    BeyondMask = 16,
}
