namespace PluggableDmaBuf.Plugins.Gpu.Conversion;

/// <summary>
/// Checks a conversion's formats, size and plane layouts against its buffers before the kernels
/// run without bounds checks, so a wiring mistake fails with a message instead of touching memory
/// outside a plane.
/// </summary>
internal static class ConversionGeometry
{
    /// <summary>The formats gpu0 converts from.</summary>
    public static IReadOnlyList<PixelFormat> SourceFormats { get; } = [PixelFormat.NV12, PixelFormat.YU12, PixelFormat.YUYV];

    /// <summary>Maps a source format to its arrangement.</summary>
    /// <exception cref="InvalidConstraintException">gpu0 does not convert from the format.</exception>
    public static YuvSourceLayout LayoutOf(PixelFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (ReferenceEquals(format, PixelFormat.NV12))
        {
            return YuvSourceLayout.Nv12;
        }

        if (ReferenceEquals(format, PixelFormat.YU12))
        {
            return YuvSourceLayout.Yu12;
        }

        return ReferenceEquals(format, PixelFormat.YUYV)
            ? YuvSourceLayout.Yuyv
            : throw new InvalidConstraintException("format", $"gpu0 converts NV12, YU12 and YUYV to XR24, not {format.FourCC}");
    }

    /// <summary>Checks the size, the source planes and the XR24 destination plane.</summary>
    /// <exception cref="InvalidConstraintException">The size does not suit the source format.</exception>
    /// <exception cref="ArgumentException">A layout cannot hold the image in its buffer.</exception>
    public static void Check(PixelFormat format, int width, int height, int sourceLength, IReadOnlyList<PlaneLayout> sourcePlanes,
        int destinationLength, PlaneLayout destinationPlane)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(sourcePlanes);
        if (width <= 0 || height <= 0)
        {
            throw new InvalidConstraintException("size", $"{width}x{height} is not a positive size");
        }

        if (format.RequiresEvenWidth && (width & 1) != 0)
        {
            throw new InvalidConstraintException("size", $"{format.FourCC} needs an even width, {width} is odd");
        }

        if (sourcePlanes.Count != format.Planes.Count)
        {
            throw new ArgumentException($"{format.FourCC} has {format.Planes.Count} planes, the layout gives {sourcePlanes.Count}", nameof(sourcePlanes));
        }

        for (var i = 0; i < sourcePlanes.Count; i++)
        {
            var planeFormat = format.Planes[i];
            if (!Fits(sourcePlanes[i], planeFormat.BytesPerRow(width), planeFormat.Rows(height), sourceLength))
            {
                throw DoesNotFit($"source plane {i} ({planeFormat.Name})", sourcePlanes[i], planeFormat.BytesPerRow(width), planeFormat.Rows(height), sourceLength, nameof(sourcePlanes));
            }
        }

        if (!Fits(destinationPlane, 4L * width, height, destinationLength))
        {
            throw DoesNotFit("destination plane (XR24)", destinationPlane, 4L * width, height, destinationLength, nameof(destinationPlane));
        }
    }

    private static bool Fits(PlaneLayout plane, long rowBytes, int rows, int bufferLength) =>
        plane.Offset >= 0 && plane.Pitch >= rowBytes && plane.Rows >= rows
        && plane.Offset + ((long)(rows - 1) * plane.Pitch) + rowBytes <= bufferLength;

    private static ArgumentException DoesNotFit(string what, PlaneLayout plane, long rowBytes, int rows, int bufferLength, string parameter) =>
        new($"{what} at offset {plane.Offset}, pitch {plane.Pitch}, {plane.Rows} rows cannot hold {rows} rows of {rowBytes} bytes in a buffer of {bufferLength} bytes", parameter);
}
