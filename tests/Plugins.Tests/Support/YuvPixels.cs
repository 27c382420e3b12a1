namespace PluggableDmaBuf.Plugins.Tests.Support;

/// <summary>Reads one pixel's Y, U and V out of an NV12, YU12 or YUYV buffer, straight from the format definitions.</summary>
internal static class YuvPixels
{
    public static (byte Y, byte U, byte V) At(ReadOnlySpan<byte> buffer, PixelFormat format, IReadOnlyList<PlaneLayout> planes, int x, int y)
    {
        if (ReferenceEquals(format, PixelFormat.YUYV))
        {
            var row = (int)(planes[0].Offset + ((long)y * planes[0].Pitch));
            var macro = row + (4 * (x / 2));
            return (buffer[row + (2 * x)], buffer[macro + 1], buffer[macro + 3]);
        }

        var luma = buffer[(int)(planes[0].Offset + ((long)y * planes[0].Pitch)) + x];
        if (ReferenceEquals(format, PixelFormat.NV12))
        {
            var uv = (int)(planes[1].Offset + ((long)(y / 2) * planes[1].Pitch)) + (2 * (x / 2));
            return (luma, buffer[uv], buffer[uv + 1]);
        }

        var u = buffer[(int)(planes[1].Offset + ((long)(y / 2) * planes[1].Pitch)) + (x / 2)];
        var v = buffer[(int)(planes[2].Offset + ((long)(y / 2) * planes[2].Pitch)) + (x / 2)];
        return (luma, u, v);
    }
}
