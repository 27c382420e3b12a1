using CsCheck;
using PluggableDmaBuf.Plugins.Tests.Support;
using PluggableDmaBuf.Plugins.Video.Frames;
using PluggableDmaBuf.Plugins.Video.Patterns;

namespace PluggableDmaBuf.Plugins.Tests.Video.Patterns;

/// <summary>
/// The SMPTE bars drawn a row a band and copied give the very bytes of drawing every row run by run, in
/// every format, size (odd heights whose bands share a chroma row) and pitch; padding stays untouched.
/// </summary>
public class SmpteRepeatedRowsTests
{
    private const byte Sentinel = 0xA5;

    [Fact]
    public void Copied_rows_match_rows_drawn_one_by_one()
    {
        Gen.Select(Gen.OneOfConst(PixelFormat.NV12, PixelFormat.YU12, PixelFormat.YUYV), Gen.Int[1, 90], Gen.Int[1, 70], Gen.Int[0, 9], Gen.Long[0, 500])
            .Sample((format, width, height, padding, frame) =>
            {
                width = format.RequiresEvenWidth ? Math.Max(2, width & ~1) : width;
                var planes = PlaneLayouts.For(format, width, height, padding, padding);
                var expected = new byte[PlaneLayouts.BufferLength(planes) + 5];
                var actual = new byte[expected.Length];
                Array.Fill(expected, Sentinel);
                Array.Fill(actual, Sentinel);
                var layout = VideoFrameGeometry.LayoutOf(format);

                TestPatternGenerator.DrawSmpte(new YuvCanvas(expected, layout, width, height, planes), frame, repeatRows: false);
                TestPatternGenerator.DrawSmpte(new YuvCanvas(actual, layout, width, height, planes), frame, repeatRows: true);

                Assert.Equal(expected, actual);
            });
    }

    [Fact]
    public void Repeating_a_row_copies_its_visible_bytes_and_its_chroma_row_to_the_rows_given()
    {
        var (width, height) = (6, 5);
        var planes = PlaneLayouts.For(PixelFormat.NV12, width, height, 2);
        var buffer = new byte[PlaneLayouts.BufferLength(planes)];
        var canvas = new YuvCanvas(buffer, YuvLayout.Nv12, width, height, planes);
        canvas.FillRow(1, 0, width, new YuvColour(90, 30, 60));

        canvas.RepeatRow(1, 2, 4);

        Assert.All(Enumerable.Range(0, width), x =>
        {
            Assert.Equal(0, YuvPixels.At(buffer, PixelFormat.NV12, planes, x, 0).Y);
            Assert.Equal(((byte)90, (byte)30, (byte)60), YuvPixels.At(buffer, PixelFormat.NV12, planes, x, 2));
            Assert.Equal(((byte)90, (byte)30, (byte)60), YuvPixels.At(buffer, PixelFormat.NV12, planes, x, 3));
            Assert.Equal(0, YuvPixels.At(buffer, PixelFormat.NV12, planes, x, 4).Y);
        });
    }
}
