using PluggableDmaBuf.Plugins.Gpu.Conversion;
using PluggableDmaBuf.Plugins.Tests.Support;

namespace PluggableDmaBuf.Plugins.Tests.Gpu.Conversion;

public class KnownValueTests
{
    public static TheoryData<string, string> Kernels()
    {
        var data = new TheoryData<string, string>();
        foreach (var kernel in Enum.GetNames<ConversionKernel>())
        {
            foreach (var format in new[] { "NV12", "YU12", "YUYV" })
            {
                data.Add(kernel, format);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Bt601_limited_maps_black_white_and_grey_to_the_full_rgb_range(string kernel, string format)
    {
        Assert.Equal((0, 0, 0), Convert(kernel, format, YuvMatrix.Bt601, YuvRange.Limited, 16, 128, 128));
        Assert.Equal((255, 255, 255), Convert(kernel, format, YuvMatrix.Bt601, YuvRange.Limited, 235, 128, 128));
        Assert.Equal((128, 128, 128), Convert(kernel, format, YuvMatrix.Bt601, YuvRange.Limited, 126, 128, 128));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Limited_range_clamps_footroom_and_headroom(string kernel, string format)
    {
        Assert.Equal((0, 0, 0), Convert(kernel, format, YuvMatrix.Bt709, YuvRange.Limited, 0, 128, 128));
        Assert.Equal((255, 255, 255), Convert(kernel, format, YuvMatrix.Bt709, YuvRange.Limited, 255, 128, 128));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Full_range_grey_keeps_its_value(string kernel, string format)
    {
        foreach (var matrix in new[] { YuvMatrix.Bt601, YuvMatrix.Bt709 })
        {
            foreach (byte y in new byte[] { 0, 1, 77, 128, 254, 255 })
            {
                Assert.Equal((y, y, y), Convert(kernel, format, matrix, YuvRange.Full, y, 128, 128));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Primaries_come_out_saturated(string kernel, string format)
    {
        // BT.601 and BT.709 limited-range encodings of 100 % red, green and blue.
        AssertNear((255, 0, 0), Convert(kernel, format, YuvMatrix.Bt601, YuvRange.Limited, 81, 90, 240));
        AssertNear((0, 255, 0), Convert(kernel, format, YuvMatrix.Bt601, YuvRange.Limited, 145, 54, 34));
        AssertNear((0, 0, 255), Convert(kernel, format, YuvMatrix.Bt601, YuvRange.Limited, 41, 240, 110));
        AssertNear((255, 0, 0), Convert(kernel, format, YuvMatrix.Bt709, YuvRange.Limited, 63, 102, 240));
        AssertNear((0, 255, 0), Convert(kernel, format, YuvMatrix.Bt709, YuvRange.Limited, 173, 42, 26));
        AssertNear((0, 0, 255), Convert(kernel, format, YuvMatrix.Bt709, YuvRange.Limited, 32, 240, 118));
    }

    private static void AssertNear((int R, int G, int B) expected, (int R, int G, int B) actual) =>
        Assert.True(Math.Abs(expected.R - actual.R) <= 1 && Math.Abs(expected.G - actual.G) <= 1 && Math.Abs(expected.B - actual.B) <= 1,
            $"expected {expected} ±1, got {actual}");

    /// <summary>Converts a 40 × 3 image of one colour (wide enough for the vector steps and a tail) and checks every pixel agrees.</summary>
    private static (int R, int G, int B) Convert(string kernelName, string fourCC, YuvMatrix matrix, YuvRange range, byte y, byte u, byte v)
    {
        var format = PixelFormat.Parse(fourCC);
        var (width, height) = (40, 3);
        var planes = PlaneLayouts.For(format, width, height, 3);
        var source = new byte[PlaneLayouts.BufferLength(planes)];
        YuvImages.Fill(source, format, planes, width, height, (_, _) => y, (_, _) => (u, v));
        var target = new PlaneLayout(0, 4 * width, height, 4 * width);
        var destination = new byte[target.Length];
        using var converter = new YuvToXrgbConverter(matrix, range, Enum.Parse<ConversionKernel>(kernelName), 1);

        converter.Convert(format, width, height, source, planes, destination, target);

        var first = YuvImages.Xrgb(destination, target, 0, 0);
        for (var row = 0; row < height; row++)
        {
            for (var x = 0; x < width; x++)
            {
                Assert.Equal(first, YuvImages.Xrgb(destination, target, x, row));
            }
        }

        Assert.Equal(0xFF, first.X);
        return (first.R, first.G, first.B);
    }
}
