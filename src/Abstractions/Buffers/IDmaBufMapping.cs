namespace PluggableDmaBuf;

/// <summary>
/// An attachment's mapping: the scatter-gather table the device would be programmed with, and the
/// device's access to the bytes segment by segment (what a device engine reads and writes).
/// </summary>
/// <remarks>
/// <para>Segments are page aligned and obey the device's limits: behind an IOMMU one IO-virtual
/// range below the device's address limit; without one, physical segments within its address mask,
/// segment count and segment size. A device whose mask cannot reach the buffer gets a bounce buffer
/// in <c>dma32</c> (<see cref="IsBounced"/>): <see cref="Segment"/> then gives the bounce buffer's
/// bytes, copied in at map when the device reads and copied back at unmap when it writes.</para>
/// <para>Valid until the matching <see cref="Unmap"/>; the object is recycled with its attachment.
/// Thread safe; the spans it gives must not outlive it.</para>
/// </remarks>
public interface IDmaBufMapping
{
    /// <summary>The attachment mapped.</summary>
    IDmaBufAttachment Attachment { get; }

    /// <summary>The direction the attachment is mapped in.</summary>
    DmaDirection Direction { get; }

    /// <summary>The scatter-gather table, in buffer order.</summary>
    IReadOnlyList<SgSegment> Segments { get; }

    /// <summary>Whether the device sees a bounce buffer instead of the buffer's own memory.</summary>
    bool IsBounced { get; }

    /// <summary>The bytes of segment <paramref name="index"/> as the device reaches them.</summary>
    /// <param name="index">The segment's index in <see cref="Segments"/>.</param>
    /// <exception cref="BufferStateException">The mapping has been unmapped.</exception>
    Span<byte> Segment(int index);

    /// <summary>Undoes one <see cref="IDmaBufAttachment.Map"/>; the last one unmaps (bounce copy back, exporter's <see cref="DmaBufExporter.Unmap"/>).</summary>
    /// <exception cref="BufferStateException">Every map has already been undone.</exception>
    void Unmap();
}
