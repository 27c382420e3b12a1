using PluggableDmaBuf.Plugins.Display.Snapshots;

namespace PluggableDmaBuf.Plugins.Tests.Display.Snapshots;

public class PngSnapshotArgumentTests
{
    [Fact]
    public void A_format_that_is_not_xrgb_or_argb_is_refused_by_name()
    {
        var e = Assert.Throws<InvalidConstraintException>(() =>
            new PngSnapshotWriter().Write(new byte[64], new PlaneLayout(0, 8, 4, 8), PixelFormat.NV12, 8, 4, Stream.Null));

        Assert.Equal("format: a PNG snapshot needs XR24 or AR24, not NV12", e.Message);
    }

    [Fact]
    public void A_plane_too_small_for_the_image_is_refused()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            new PngSnapshotWriter().Write(new byte[64], new PlaneLayout(0, 16, 4, 16), PixelFormat.XR24, 5, 4, Stream.Null));

        Assert.StartsWith("plane 0 (XRGB) at offset 0, pitch 16, 4 rows cannot hold 4 rows of 20 bytes in a buffer of 64 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_size_that_is_not_positive_is_refused() =>
        Assert.Throws<InvalidConstraintException>(() =>
            new PngSnapshotWriter().Write(new byte[64], new PlaneLayout(0, 16, 4, 16), PixelFormat.XR24, 0, 4, Stream.Null));
}
