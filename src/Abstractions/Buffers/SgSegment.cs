namespace PluggableDmaBuf;

/// <summary>
/// One entry of a mapping's scatter-gather table: what a device driver would program into its DMA
/// engine. Page aligned, as the device sees the buffer (through its IOMMU when it has one).
/// </summary>
/// <param name="DeviceAddress">The address the device uses: IO-virtual behind an IOMMU, physical (or a bounce buffer's) otherwise.</param>
/// <param name="Length">Bytes in the segment.</param>
/// <param name="Offset">Where the segment's first byte lies in the buffer.</param>
public readonly record struct SgSegment(ulong DeviceAddress, long Length, long Offset)
{
    /// <inheritdoc />
    public override string ToString() => $"0x{DeviceAddress:x}+{Length} @{Offset}";
}
