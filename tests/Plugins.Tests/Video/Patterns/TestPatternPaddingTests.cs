using CsCheck;
using PluggableDmaBuf.Plugins.Tests.Support;
using PluggableDmaBuf.Plugins.Video.Patterns;

namespace PluggableDmaBuf.Plugins.Tests.Video.Patterns;

public class TestPatternPaddingTests
{
    private const byte Sentinel = 0xA5;

    [Fact]
    public void Rendering_writes_every_visible_byte_and_nothing_outside_the_visible_rows()
    {
        Gen.Select(Gen.OneOfConst(PixelFormat.NV12, PixelFormat.YU12, PixelFormat.YUYV), Gen.Int[1, 97], Gen.Int[1, 61], Gen.OneOfConst(TestPattern.Smpte, TestPattern.Ball),
                Gen.Int[0, 33], Gen.Int[0, 64], Gen.Long[0, 5000])
            .Sample((format, width, height, pattern, padding, gap, frame) =>
            {
                width = format.RequiresEvenWidth ? Math.Max(2, width & ~1) : width;
                var planes = PlaneLayouts.For(format, width, height, padding, gap);
                var length = PlaneLayouts.BufferLength(planes);
                var buffer = new byte[length];
                Array.Fill(buffer, Sentinel);

                new TestPatternGenerator(pattern, format, width, height).Render(buffer, planes, frame);

                var visible = PlaneLayouts.VisibleMask(planes, length);
                for (var i = 0; i < length; i++)
                {
                    if (!visible[i] && buffer[i] != Sentinel)
                    {
                        throw new InvalidOperationException($"{format} {width}x{height}: padding byte {i} was written");
                    }
                }
            }, iter: 200);
    }

    [Fact]
    public void Every_luma_sample_is_written()
    {
        // A sentinel value that no pattern colour uses shows a luma sample that no run reached.
        foreach (var format in new[] { PixelFormat.NV12, PixelFormat.YU12, PixelFormat.YUYV })
        {
            foreach (var pattern in new[] { TestPattern.Smpte, TestPattern.Ball })
            {
                var (width, height) = (format.RequiresEvenWidth ? 98 : 97, 55);
                var planes = PlaneLayouts.For(format, width, height, 5);
                var buffer = new byte[PlaneLayouts.BufferLength(planes)];
                Array.Fill(buffer, (byte)1);

                new TestPatternGenerator(pattern, format, width, height).Render(buffer, planes, 3);

                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        Assert.NotEqual(1, YuvPixels.At(buffer, format, planes, x, y).Y);
                    }
                }
            }
        }
    }
}
