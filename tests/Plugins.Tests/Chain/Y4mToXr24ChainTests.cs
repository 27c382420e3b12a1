using PluggableDmaBuf.Plugins.Gpu.Conversion;
using PluggableDmaBuf.Plugins.Tests.Support;
using PluggableDmaBuf.Plugins.Video.Y4m;

namespace PluggableDmaBuf.Plugins.Tests.Chain;

/// <summary>
/// The whole capture → convert chain against an independent reference: a Y4M file made here is read
/// into NV12 by video0's reader, converted to XR24 by gpu0's engine, and every pixel is compared with
/// a plain floating-point conversion of the file's own samples, using the textbook constants.
/// </summary>
public class Y4mToXr24ChainTests
{
    [Theory]
    [InlineData(67, 35, "", 2)]
    [InlineData(64, 36, " XCOLORRANGE=LIMITED", 1)]
    [InlineData(33, 17, " XCOLORRANGE=FULL", 2)]
    public void A_y4m_file_read_to_nv12_and_converted_matches_a_floating_point_bt601_conversion(int width, int height, string rangeTag, int degree)
    {
        var full = rangeTag.Contains("FULL", StringComparison.Ordinal);
        var frames = Enumerable.Range(0, 3).Select(i => Frame(width, height, i)).ToArray();
        var path = Path.Combine(Path.GetTempPath(), $"pdmabuf-chain-{Guid.NewGuid():N}.y4m");
        File.WriteAllBytes(path, Y4mBuilder.Build($"YUV4MPEG2 W{width} H{height} F30:1 Ip A1:1 C420jpeg{rangeTag}", frames));
        try
        {
            using var reader = Y4mReader.Open(path);
            var range = reader.Header.ColourRange == Y4mColourRange.Full ? YuvRange.Full : YuvRange.Limited;
            Assert.Equal(full, range == YuvRange.Full);
            var nv12 = PlaneLayouts.For(PixelFormat.NV12, width, height, 24, 4096 - 1);
            var capture = new byte[PlaneLayouts.BufferLength(nv12)];
            var xr24 = new PlaneLayout(0, (4 * width) + 64, height, 4 * width);
            var scanout = new byte[xr24.Length];
            using var gpu = new YuvToXrgbConverter(YuvMatrix.Bt601, range, degreeOfParallelism: degree);

            foreach (var frame in frames)
            {
                Assert.True(reader.ReadFrame(capture, PixelFormat.NV12, nv12));
                gpu.Convert(PixelFormat.NV12, width, height, capture, nv12, scanout, xr24);

                for (var y = 0; y < height; y++)
                {
                    for (var x = 0; x < width; x++)
                    {
                        var (yy, u, v) = Y4mBuilder.Sample(frame, width, height, x, y);
                        var expected = full ? FullRange(yy, u, v) : LimitedRange(yy, u, v);
                        var actual = YuvImages.Xrgb(scanout, xr24, x, y);
                        if (Math.Abs(expected.R - actual.R) > 2 || Math.Abs(expected.G - actual.G) > 2 || Math.Abs(expected.B - actual.B) > 2)
                        {
                            throw new InvalidOperationException($"({x}, {y}) Y{yy} U{u} V{v}: expected {expected}, got {actual}");
                        }
                    }
                }
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (int R, int G, int B) LimitedRange(int y, int u, int v)
    {
        var c = 1.164383 * (y - 16);
        return (Round(c + (1.596027 * (v - 128))), Round(c - (0.391762 * (u - 128)) - (0.812968 * (v - 128))), Round(c + (2.017232 * (u - 128))));
    }

    private static (int R, int G, int B) FullRange(int y, int u, int v) =>
        (Round(y + (1.402 * (v - 128))), Round(y - (0.344136 * (u - 128)) - (0.714136 * (v - 128))), Round(y + (1.772 * (u - 128))));

    private static int Round(double value) => (int)Math.Clamp(Math.Round(value), 0, 255);

    /// <summary>Gradients in every component with some noise, so every part of the colour space is crossed.</summary>
    private static byte[] Frame(int width, int height, int index)
    {
        var random = new Random(index);
        var frame = new byte[Y4mBuilder.FrameBytes(width, height)];
        for (var i = 0; i < width * height; i++)
        {
            frame[i] = (byte)Math.Clamp(((i % width) * 255 / width) + random.Next(-20, 21), 0, 255);
        }

        for (var i = width * height; i < frame.Length; i++)
        {
            frame[i] = (byte)((i * 37) + (index * 101) + random.Next(0, 17));
        }

        return frame;
    }
}
