using PluggableDmaBuf.Plugins.Gpu.Conversion;
using PluggableDmaBuf.Plugins.Tests.Support;

namespace PluggableDmaBuf.Plugins.Tests.Gpu.Conversion;

public class ConversionArgumentTests
{
    private static readonly PlaneLayout s_target = new(0, 256, 16, 256);

    [Fact]
    public void A_source_format_gpu0_does_not_convert_is_refused_by_name()
    {
        using var converter = new YuvToXrgbConverter(degreeOfParallelism: 1);

        var e = Assert.Throws<InvalidConstraintException>(() =>
            converter.Convert(PixelFormat.XR24, 64, 16, new byte[4096], [s_target], new byte[4096], s_target));

        Assert.Equal("format: gpu0 converts NV12, YU12 and YUYV to XR24, not XR24", e.Message);
    }

    [Fact]
    public void An_odd_yuyv_width_is_refused()
    {
        using var converter = new YuvToXrgbConverter(degreeOfParallelism: 1);
        var planes = PlaneLayouts.For(PixelFormat.YUYV, 64, 16);

        var e = Assert.Throws<InvalidConstraintException>(() =>
            converter.Convert(PixelFormat.YUYV, 63, 16, new byte[4096], planes, new byte[4096], s_target));

        Assert.Equal("size: YUYV needs an even width, 63 is odd", e.Message);
    }

    [Fact]
    public void A_destination_plane_that_leaves_the_buffer_is_refused_before_anything_is_written()
    {
        using var converter = new YuvToXrgbConverter(degreeOfParallelism: 2);
        var planes = PlaneLayouts.For(PixelFormat.NV12, 64, 16);
        var destination = new byte[(256 * 16) - 1];

        var e = Assert.Throws<ArgumentException>(() =>
            converter.Convert(PixelFormat.NV12, 64, 16, new byte[PlaneLayouts.BufferLength(planes)], planes, destination, s_target));

        Assert.StartsWith("destination plane 0 (XRGB) at offset 0, pitch 256, 16 rows cannot hold 16 rows of 256 bytes in a buffer of 4095 bytes", e.Message, StringComparison.Ordinal);
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_source_plane_with_a_pitch_shorter_than_its_row_is_refused()
    {
        using var converter = new YuvToXrgbConverter(degreeOfParallelism: 1);
        var planes = PlaneLayouts.For(PixelFormat.YU12, 64, 16);
        planes[2] = planes[2] with { Pitch = 31 };

        var e = Assert.Throws<ArgumentException>(() =>
            converter.Convert(PixelFormat.YU12, 64, 16, new byte[PlaneLayouts.BufferLength(planes)], planes, new byte[4096], s_target));

        Assert.StartsWith("source plane 2 (V)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_matrices_ranges_and_kernels_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new YuvToXrgbConverter((YuvMatrix)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => new YuvToXrgbConverter(range: (YuvRange)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => new YuvToXrgbConverter(kernel: (ConversionKernel)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => new YuvToXrgbConverter(degreeOfParallelism: -1));
    }
}
