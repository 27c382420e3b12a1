namespace PluggableDmaBuf.Core.Accounting;

/// <summary>
/// One live buffer as a listing shows it, like a line of debugfs <c>dma_buf/bufinfo</c>: a
/// consistent picture taken under the buffer's lock.
/// </summary>
/// <param name="Id">The buffer's id.</param>
/// <param name="Name">The buffer's name.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Exporter">The exporter's name.</param>
/// <param name="Heap">The heap it is placed in, or <c>null</c> while not placed.</param>
/// <param name="Format">The FourCC of an image buffer, or <c>null</c>.</param>
/// <param name="Modifier">The modifier of an image buffer, or <c>null</c>.</param>
/// <param name="Width">Image width, 0 for size-only.</param>
/// <param name="Height">Image height, 0 for size-only.</param>
/// <param name="Planes">Plane layouts; empty for size-only.</param>
/// <param name="Segments">Physically contiguous runs of the placement (what a device without IOMMU and without a segment size limit sees); 0 while not placed.</param>
/// <param name="Address">The lowest physical address of the placement, or <c>null</c> while not placed.</param>
/// <param name="Attachments">Names of the attached devices, in attach order.</param>
/// <param name="ActiveMappings">Attachments currently mapped.</param>
/// <param name="References">References held.</param>
/// <param name="BytesCopied">Bytes this buffer cost in bounce copies and migrations.</param>
/// <param name="Migrations">Times it migrated.</param>
public sealed record BufferInfo(long Id, string Name, long Size, string Exporter, string? Heap, string? Format, string? Modifier,
    int Width, int Height, IReadOnlyList<PlaneLayout> Planes, int Segments, ulong? Address, IReadOnlyList<string> Attachments,
    int ActiveMappings, int References, long BytesCopied, int Migrations);
