namespace PluggableDmaBuf;

/// <summary>
/// The outcome of a successful negotiation (<see cref="INegotiator"/>): the heap a buffer is placed in, its format,
/// modifier and plane layout, its size, and the merged limits every mapping of it must obey.
/// </summary>
/// <remarks>Immutable; validated on construction.</remarks>
public sealed class NegotiatedPlacement
{
    /// <summary>Creates a placement.</summary>
    /// <param name="heap">The chosen heap.</param>
    /// <param name="size">Total bytes, a multiple of the page size. A negotiated size is also a multiple
    /// of <paramref name="alignment"/>; the placement of a buffer whose size was fixed at export keeps
    /// that size when a device with a larger alignment joins it.</param>
    /// <param name="alignment">The merged alignment: LCM of every participant's alignment and the page size.</param>
    /// <param name="maxSegments">The merged segment count limit, or <c>null</c> for unlimited.</param>
    /// <param name="maxSegmentSize">The merged segment size limit, or <c>null</c> for unlimited.</param>
    /// <param name="addressLimit">The merged physical address limit, or <c>null</c> for unlimited.</param>
    /// <param name="format">The format of an image buffer, or <c>null</c> for a size-only buffer.</param>
    /// <param name="modifier">The modifier of an image buffer, or <c>null</c>.</param>
    /// <param name="width">Image width, 0 for a size-only buffer.</param>
    /// <param name="height">Image height, 0 for a size-only buffer.</param>
    /// <param name="planes">One layout per plane of <paramref name="format"/>; empty for a size-only buffer.</param>
    /// <exception cref="InvalidConstraintException">The values do not describe a consistent placement.</exception>
    public NegotiatedPlacement(HeapDescription heap, long size, long alignment, int? maxSegments, long? maxSegmentSize, ulong? addressLimit,
        PixelFormat? format = null, string? modifier = null, int width = 0, int height = 0, IEnumerable<PlaneLayout>? planes = null)
    {
        Heap = heap ?? throw new ArgumentNullException(nameof(heap));
        if (alignment < DeviceDescription.PageSize || (alignment & (alignment - 1)) != 0)
        {
            throw new InvalidConstraintException("alignment", $"{alignment} is not a power of two of at least a page");
        }

        if (size <= 0 || size % DeviceDescription.PageSize != 0)
        {
            throw new InvalidConstraintException("size", $"{size} is not a positive multiple of the page size {DeviceDescription.PageSize}");
        }

        var layout = planes?.ToArray() ?? [];
        if ((format is null) != (layout.Length == 0) || (format is not null && layout.Length != format.Planes.Count))
        {
            throw new InvalidConstraintException("planes", $"{layout.Length} planes do not match format {format?.FourCC ?? "none"}");
        }

        foreach (var plane in layout)
        {
            if (plane.Offset < 0 || plane.Offset % alignment != 0 || plane.Offset + plane.Length > size)
            {
                throw new InvalidConstraintException("planes", $"plane at {plane.Offset} (pitch {plane.Pitch}, {plane.Rows} rows) leaves the buffer or is misaligned");
            }
        }

        Size = size;
        Alignment = alignment;
        MaxSegments = maxSegments;
        MaxSegmentSize = maxSegmentSize;
        AddressLimit = addressLimit;
        Format = format;
        Modifier = format is null ? null : modifier ?? FormatSupport.Linear;
        Width = width;
        Height = height;
        Planes = layout;
    }

    /// <summary>The heap the buffer is placed in.</summary>
    public HeapDescription Heap { get; }

    /// <summary>Total bytes.</summary>
    public long Size { get; }

    /// <summary>Merged alignment: the buffer starts at a multiple of it, and so do its planes.</summary>
    public long Alignment { get; }

    /// <summary>Merged segment count limit, or <c>null</c>.</summary>
    public int? MaxSegments { get; }

    /// <summary>Merged segment size limit, or <c>null</c>.</summary>
    public long? MaxSegmentSize { get; }

    /// <summary>Merged physical address limit, or <c>null</c>.</summary>
    public ulong? AddressLimit { get; }

    /// <summary>Image format, or <c>null</c>.</summary>
    public PixelFormat? Format { get; }

    /// <summary>Image modifier, or <c>null</c>.</summary>
    public string? Modifier { get; }

    /// <summary>Image width, 0 for size-only.</summary>
    public int Width { get; }

    /// <summary>Image height, 0 for size-only.</summary>
    public int Height { get; }

    /// <summary>Plane layouts; empty for size-only.</summary>
    public IReadOnlyList<PlaneLayout> Planes { get; }

    /// <inheritdoc />
    public override string ToString() => Format is null
        ? $"{Size} bytes in {Heap}"
        : $"{Width}x{Height} {Format}:{Modifier} {Size} bytes in {Heap}";
}
