using CsCheck;
using PluggableDmaBuf.Plugins.Tests.Support;
using PluggableDmaBuf.Plugins.Video.Frames;
using PluggableDmaBuf.Plugins.Video.Patterns;

namespace PluggableDmaBuf.Plugins.Tests.Video.Patterns;

public class YuvCanvasTests
{
    [Fact]
    public void Runs_draw_the_same_luma_in_every_format_and_the_same_chroma_in_both_420_formats()
    {
        Gen.Select(Gen.Int[1, 40].Select(w => 2 * w), Gen.Int[1, 30], Gen.Int[0, 8], Gen.Select(Gen.Int[-5, 85], Gen.Int[-5, 85], Gen.Int[-3, 35], Gen.Byte, Gen.Byte, Gen.Byte).Array[1, 12])
            .Sample((width, height, padding, runs) =>
            {
                var images = new[] { PixelFormat.NV12, PixelFormat.YU12, PixelFormat.YUYV }.Select(format =>
                {
                    var planes = PlaneLayouts.For(format, width, height, padding);
                    var buffer = new byte[PlaneLayouts.BufferLength(planes)];
                    var canvas = new YuvCanvas(buffer, VideoFrameGeometry.LayoutOf(format), width, height, planes);
                    foreach (var (x0, x1, y, yv, u, v) in runs)
                    {
                        canvas.FillRow(y, x0, x1, new YuvColour(yv, u, v));
                    }

                    return (Format: format, Planes: planes, Buffer: buffer);
                }).ToArray();

                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        var nv12 = YuvPixels.At(images[0].Buffer, images[0].Format, images[0].Planes, x, y);
                        var yu12 = YuvPixels.At(images[1].Buffer, images[1].Format, images[1].Planes, x, y);
                        var yuyv = YuvPixels.At(images[2].Buffer, images[2].Format, images[2].Planes, x, y);
                        if (nv12 != yu12 || nv12.Y != yuyv.Y)
                        {
                            throw new InvalidOperationException($"pixel ({x}, {y}): NV12 {nv12}, YU12 {yu12}, YUYV {yuyv}");
                        }
                    }
                }
            }, iter: 200);
    }

    [Fact]
    public void A_run_sets_exactly_its_pixels_luma_and_the_chroma_samples_it_touches()
    {
        var (width, height) = (10, 4);
        var planes = PlaneLayouts.For(PixelFormat.YUYV, width, height);
        var buffer = new byte[PlaneLayouts.BufferLength(planes)];
        var canvas = new YuvCanvas(buffer, YuvLayout.Yuyv, width, height, planes);

        canvas.FillRow(1, 3, 6, new YuvColour(200, 10, 20));

        var row = Enumerable.Range(0, width).Select(x => YuvPixels.At(buffer, PixelFormat.YUYV, planes, x, 1)).ToArray();
        Assert.Equal([0, 0, 0, 200, 200, 200, 0, 0, 0, 0], row.Select(p => (int)p.Y));
        Assert.Equal([0, 0, 10, 10, 10, 10, 0, 0, 0, 0], row.Select(p => (int)p.U));
        Assert.Equal([0, 0, 20, 20, 20, 20, 0, 0, 0, 0], row.Select(p => (int)p.V));
        Assert.All(Enumerable.Range(0, width), x => Assert.Equal(0, YuvPixels.At(buffer, PixelFormat.YUYV, planes, x, 0).Y));
    }
}
