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
        format.CheckSize(width, height);
        format.CheckLayout(width, height, sourcePlanes, sourceLength, "source plane");
        PixelFormat.XR24.CheckLayout(width, height, destinationPlane, destinationLength, "destination plane");
    }
}
