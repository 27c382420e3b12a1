namespace PluggableDmaBuf.Plugins.Video.Frames;

/// <summary>
/// Checks that a destination frame (a buffer, a format, a size and the negotiated plane layouts) can
/// hold what the video engines write, before any byte is touched, so a wiring mistake fails with a
/// message instead of corrupting a neighbouring plane.
/// </summary>
internal static class VideoFrameGeometry
{
    /// <summary>The formats video0 can produce.</summary>
    public static IReadOnlyList<PixelFormat> SupportedFormats { get; } = [PixelFormat.NV12, PixelFormat.YU12, PixelFormat.YUYV];

    /// <summary>Maps a format to the plane arrangement the engines use.</summary>
    /// <exception cref="InvalidConstraintException">The format is not one video0 produces.</exception>
    public static YuvLayout LayoutOf(PixelFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (ReferenceEquals(format, PixelFormat.NV12))
        {
            return YuvLayout.Nv12;
        }

        if (ReferenceEquals(format, PixelFormat.YU12))
        {
            return YuvLayout.Yu12;
        }

        return ReferenceEquals(format, PixelFormat.YUYV)
            ? YuvLayout.Yuyv
            : throw new InvalidConstraintException("format", $"video0 cannot produce {format.FourCC} (it produces NV12, YU12 and YUYV)");
    }

    /// <summary>Checks an image size for a format: both positive, and an even width where the format needs one.</summary>
    /// <exception cref="InvalidConstraintException">The size is not valid for the format.</exception>
    public static void CheckSize(PixelFormat format, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (width <= 0 || height <= 0)
        {
            throw new InvalidConstraintException("size", $"{width}x{height} is not a positive size");
        }

        if (format.RequiresEvenWidth && (width & 1) != 0)
        {
            throw new InvalidConstraintException("size", $"{format.FourCC} needs an even width, {width} is odd");
        }
    }

    /// <summary>
    /// Checks that <paramref name="planes"/> describe <paramref name="format"/> at
    /// <paramref name="width"/> × <paramref name="height"/> inside a buffer of
    /// <paramref name="bufferLength"/> bytes: one layout per plane, enough rows, a pitch that holds
    /// a row, and every row inside the buffer.
    /// </summary>
    /// <exception cref="ArgumentException">The layout cannot hold the image.</exception>
    public static void CheckPlanes(PixelFormat format, int width, int height, int bufferLength, IReadOnlyList<PlaneLayout> planes)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(planes);
        if (planes.Count != format.Planes.Count)
        {
            throw new ArgumentException($"{format.FourCC} has {format.Planes.Count} planes, the layout gives {planes.Count}", nameof(planes));
        }

        for (var i = 0; i < planes.Count; i++)
        {
            var plane = planes[i];
            var planeFormat = format.Planes[i];
            var rowBytes = planeFormat.BytesPerRow(width);
            var rows = planeFormat.Rows(height);
            if (plane.Offset < 0 || plane.Pitch < rowBytes || plane.Rows < rows
                || plane.Offset + ((long)(rows - 1) * plane.Pitch) + rowBytes > bufferLength)
            {
                throw new ArgumentException(
                    $"plane {i} ({planeFormat.Name}) at offset {plane.Offset}, pitch {plane.Pitch}, {plane.Rows} rows cannot hold {rows} rows of {rowBytes} bytes in a buffer of {bufferLength} bytes",
                    nameof(planes));
            }
        }
    }
}
