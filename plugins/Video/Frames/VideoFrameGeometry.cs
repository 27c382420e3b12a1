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
}
