using System.Runtime.CompilerServices;

namespace PluggableDmaBuf.Plugins.Gpu.Conversion;

/// <summary>
/// The reference conversion: one pixel at a time in Q16 fixed point, rounded to nearest. It is the
/// baseline the vector kernels are tested against, the fallback where vectors are not accelerated,
/// and it finishes the last few pixels of each row the vector kernels leave.
/// </summary>
internal static unsafe class ScalarYuvToXrgb
{
    /// <summary>Converts rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>).</summary>
    public static void ConvertRows(in YuvToXrgbFrame frame, YuvToRgbCoefficients k, int rowStart, int rowEnd)
    {
        for (var row = rowStart; row < rowEnd; row++)
        {
            ConvertRow(frame, k, row, 0, frame.Width);
        }
    }

    /// <summary>Converts pixels [<paramref name="xStart"/>, <paramref name="xEnd"/>) of one row.</summary>
    public static void ConvertRow(in YuvToXrgbFrame frame, YuvToRgbCoefficients k, int row, int xStart, int xEnd)
    {
        var y = frame.Y + ((nint)row * frame.LumaPitch);
        var chromaRow = (nint)(row >> frame.ChromaRowShift);
        var u = frame.U + (chromaRow * frame.UPitch);
        var v = frame.V + (chromaRow * frame.VPitch);
        var d = frame.Destination + ((nint)row * frame.DestinationPitch);
        for (var x = xStart; x < xEnd; x++)
        {
            var c = (x >> 1) * frame.ChromaStep;
            Pixel(y[x * frame.LumaStep], u[c], v[c], k, d + (4 * x));
        }
    }

    /// <summary>Converts one pixel and writes it as B, G, R, 0xFF.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Pixel(int y, int u, int v, YuvToRgbCoefficients k, byte* destination)
    {
        var luma = (k.Ky16 * (y - k.LumaOffset)) + 32768;
        u -= 128;
        v -= 128;
        destination[0] = Clamp(luma + (k.Kbu16 * u));
        destination[1] = Clamp(luma + (k.Kgu16 * u) + (k.Kgv16 * v));
        destination[2] = Clamp(luma + (k.Krv16 * v));
        destination[3] = 0xFF;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte Clamp(int q16) => (byte)Math.Clamp(q16 >> 16, 0, 255);
}
