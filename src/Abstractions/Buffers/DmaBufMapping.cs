namespace PluggableDmaBuf;

/// <summary>
/// An attachment's mapping: the scatter-gather table the device would be programmed with, and the
/// device's access to the bytes segment by segment (what a device engine reads and writes).
/// Obtained from <see cref="DmaBufAttachment.Map"/>.
/// </summary>
/// <remarks>
/// <para>Segments are page aligned and obey the device's limits: behind an IOMMU one IO-virtual
/// range below the device's address limit; without one, physical segments within its address mask,
/// segment count and segment size. A device whose mask cannot reach the buffer gets a bounce buffer
/// in <c>dma32</c> (<see cref="IsBounced"/>): <see cref="Segment"/> then gives the bounce buffer's
/// bytes, copied in at map when the device reads and copied back at unmap when it writes.</para>
/// <para><b>A handle, valid until the last unmap.</b> Like <see cref="DmaBufAttachment"/>, the value
/// is a handle with a token of its own, given at the attachment's first map and never again: once
/// the last <see cref="Unmap"/> is done it is stale and every member throws
/// <see cref="BufferStateException"/>, even when a later map reuses the slot. The table
/// <see cref="Segments"/> returns and the spans <see cref="Segment"/> gives must not outlive the
/// mapping. The default value maps nothing and behaves as a stale handle.</para>
/// <para>Thread safe.</para>
/// </remarks>
public readonly struct DmaBufMapping : IEquatable<DmaBufMapping>
{
    private readonly IDmaBufAttachmentSource? _source;
    private readonly long _token;

    /// <summary>Creates a handle; called by the framework.</summary>
    /// <param name="source">The attachment slot.</param>
    /// <param name="token">The mapping token the slot gave.</param>
    public DmaBufMapping(IDmaBufAttachmentSource source, long token)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _token = token;
    }

    /// <summary>The attachment mapped.</summary>
    /// <exception cref="BufferStateException">The mapping has been unmapped.</exception>
    public DmaBufAttachment Attachment => Source.GetAttachment(_token);

    /// <summary>The direction the attachment is mapped in.</summary>
    /// <exception cref="BufferStateException">The mapping has been unmapped.</exception>
    public DmaDirection Direction => Source.GetDirection(_token);

    /// <summary>The scatter-gather table, in buffer order; valid until the mapping is unmapped.</summary>
    /// <exception cref="BufferStateException">The mapping has been unmapped.</exception>
    public IReadOnlyList<SgSegment> Segments => Source.GetSegments(_token);

    /// <summary>Whether the device sees a bounce buffer instead of the buffer's own memory.</summary>
    /// <exception cref="BufferStateException">The mapping has been unmapped.</exception>
    public bool IsBounced => Source.IsBounced(_token);

    /// <summary>The bytes of segment <paramref name="index"/> as the device reaches them.</summary>
    /// <param name="index">The segment's index in <see cref="Segments"/>.</param>
    /// <exception cref="BufferStateException">The mapping has been unmapped.</exception>
    public Span<byte> Segment(int index) => Source.GetSegment(_token, index);

    /// <summary>Undoes one <see cref="DmaBufAttachment.Map"/>; the last one unmaps (exporter's <see cref="DmaBufExporter.Unmap"/>, bounce copy back).</summary>
    /// <exception cref="BufferStateException">Every map has already been undone (the handle is stale).</exception>
    public void Unmap() => Source.Unmap(_token);

    /// <inheritdoc />
    public bool Equals(DmaBufMapping other) => ReferenceEquals(_source, other._source) && _token == other._token;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DmaBufMapping other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_source, _token);

    /// <summary>Whether two handles are the same mapping.</summary>
    /// <param name="left">A handle.</param>
    /// <param name="right">Another handle.</param>
    public static bool operator ==(DmaBufMapping left, DmaBufMapping right) => left.Equals(right);

    /// <summary>Whether two handles are different mappings.</summary>
    /// <param name="left">A handle.</param>
    /// <param name="right">Another handle.</param>
    public static bool operator !=(DmaBufMapping left, DmaBufMapping right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => _source is null ? "(no mapping)" : $"mapping #{_token} of {_source}";

    private IDmaBufAttachmentSource Source =>
        _source ?? throw new BufferStateException("the mapping handle is the default value: nothing was mapped");
}
