using PluggableDmaBuf.Plugins.Tests.Support;
using PluggableDmaBuf.Plugins.Video.Patterns;

namespace PluggableDmaBuf.Plugins.Tests.Video.Patterns;

public class SmpteBarsTests
{
    // The published BT.601 values of 75 % colour bars: grey, yellow, cyan, green, magenta, red, blue.
    private static readonly (byte Y, byte U, byte V)[] s_bars =
        [(180, 128, 128), (162, 44, 142), (131, 156, 44), (112, 72, 58), (84, 184, 198), (65, 100, 212), (35, 212, 114)];

    [Theory]
    [InlineData("NV12", 320, 240)]
    [InlineData("YU12", 321, 241)]
    [InlineData("YUYV", 640, 480)]
    public void The_seven_bars_have_the_standard_colours(string fourCC, int width, int height)
    {
        var format = PixelFormat.Parse(fourCC);
        var planes = PlaneLayouts.For(format, width, height, 7);
        var buffer = new byte[PlaneLayouts.BufferLength(planes)];

        new TestPatternGenerator(TestPattern.Smpte, format, width, height).Render(buffer, planes, 42);

        for (var bar = 0; bar < 7; bar++)
        {
            // Sample the middle of each bar, below the frame counter and above the castellations.
            var x = ((2 * bar) + 1) * width / 14;
            Assert.Equal(s_bars[bar], YuvPixels.At(buffer, format, planes, x, height / 2));
        }
    }

    [Fact]
    public void The_pluge_has_blacker_than_black_black_and_lighter_than_black()
    {
        var (width, height) = (420, 120);
        var planes = PlaneLayouts.For(PixelFormat.NV12, width, height);
        var buffer = new byte[PlaneLayouts.BufferLength(planes)];

        new TestPatternGenerator(TestPattern.Smpte, PixelFormat.NV12, width, height).Render(buffer, planes, 0);

        var row = height - 2;
        Assert.Equal(7, YuvPixels.At(buffer, PixelFormat.NV12, planes, (5 * width / 7) + 5, row).Y);
        Assert.Equal(16, YuvPixels.At(buffer, PixelFormat.NV12, planes, (16 * width / 21) + 5, row).Y);
        Assert.Equal(25, YuvPixels.At(buffer, PixelFormat.NV12, planes, (17 * width / 21) + 5, row).Y);
        Assert.Equal(235, YuvPixels.At(buffer, PixelFormat.NV12, planes, 7 * width / 28, row).Y);
    }

    [Fact]
    public void The_marker_slides_along_the_castellation_band()
    {
        var (width, height) = (240, 120);
        var planes = PlaneLayouts.For(PixelFormat.NV12, width, height);
        var band = (height * 2 / 3) + 2;

        int MarkerStart(long frame)
        {
            var buffer = new byte[PlaneLayouts.BufferLength(planes)];
            new TestPatternGenerator(TestPattern.Smpte, PixelFormat.NV12, width, height).Render(buffer, planes, frame);
            return Enumerable.Range(0, width).First(x => YuvPixels.At(buffer, PixelFormat.NV12, planes, x, band).Y == 235);
        }

        Assert.Equal(0, MarkerStart(0));
        Assert.Equal(width / 60, MarkerStart(1));
        Assert.Equal(10 * (width / 60), MarkerStart(10));
    }
}
