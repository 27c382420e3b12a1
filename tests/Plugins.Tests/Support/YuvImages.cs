namespace PluggableDmaBuf.Plugins.Tests.Support;

/// <summary>Writes YUV samples into NV12, YU12 or YUYV planes, straight from the format definitions (the inverse of <see cref="YuvPixels"/>).</summary>
internal static class YuvImages
{
    /// <summary>Fills every sample: luma from <paramref name="luma"/>(x, y), chroma from <paramref name="chroma"/>(chroma x, chroma row).</summary>
    public static void Fill(Span<byte> buffer, PixelFormat format, IReadOnlyList<PlaneLayout> planes, int width, int height,
        Func<int, int, byte> luma, Func<int, int, (byte U, byte V)> chroma)
    {
        if (ReferenceEquals(format, PixelFormat.YUYV))
        {
            for (var y = 0; y < height; y++)
            {
                var row = (int)(planes[0].Offset + ((long)y * planes[0].Pitch));
                for (var x = 0; x < width; x++)
                {
                    buffer[row + (2 * x)] = luma(x, y);
                }

                for (var cx = 0; cx < width / 2; cx++)
                {
                    var (u, v) = chroma(cx, y);
                    buffer[row + (4 * cx) + 1] = u;
                    buffer[row + (4 * cx) + 3] = v;
                }
            }

            return;
        }

        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                buffer[(int)(planes[0].Offset + ((long)y * planes[0].Pitch)) + x] = luma(x, y);
            }
        }

        for (var cy = 0; cy < (height + 1) / 2; cy++)
        {
            for (var cx = 0; cx < (width + 1) / 2; cx++)
            {
                var (u, v) = chroma(cx, cy);
                if (ReferenceEquals(format, PixelFormat.NV12))
                {
                    var at = (int)(planes[1].Offset + ((long)cy * planes[1].Pitch)) + (2 * cx);
                    buffer[at] = u;
                    buffer[at + 1] = v;
                }
                else
                {
                    buffer[(int)(planes[1].Offset + ((long)cy * planes[1].Pitch)) + cx] = u;
                    buffer[(int)(planes[2].Offset + ((long)cy * planes[2].Pitch)) + cx] = v;
                }
            }
        }
    }

    /// <summary>The B, G, R, X bytes of pixel (x, y) of an XR24 plane.</summary>
    public static (byte B, byte G, byte R, byte X) Xrgb(ReadOnlySpan<byte> buffer, PlaneLayout plane, int x, int y)
    {
        var at = (int)(plane.Offset + ((long)y * plane.Pitch)) + (4 * x);
        return (buffer[at], buffer[at + 1], buffer[at + 2], buffer[at + 3]);
    }
}
