namespace PluggableDmaBuf.Plugins.Video.Patterns;

/// <summary>A colour as the test patterns write it: 8-bit Y, U (Cb) and V (Cr), BT.601 limited range.</summary>
/// <param name="Y">Luma, 16 (black) to 235 (white); lower values are below black (PLUGE).</param>
/// <param name="U">Blue-difference chroma, 128 neutral.</param>
/// <param name="V">Red-difference chroma, 128 neutral.</param>
internal readonly record struct YuvColour(byte Y, byte U, byte V)
{
    /// <summary>Converts full-range R'G'B' (0..255, fractions allowed) to BT.601 limited-range Y'CbCr, rounded.</summary>
    public static YuvColour FromRgb(double r, double g, double b)
    {
        // Rec. ITU-R BT.601 with 8-bit studio quantisation: Y in 16..235, Cb/Cr in 16..240.
        var y = 16.0 + (((65.481 * r) + (128.553 * g) + (24.966 * b)) / 255.0);
        var u = 128.0 + (((-37.797 * r) - (74.203 * g) + (112.0 * b)) / 255.0);
        var v = 128.0 + (((112.0 * r) - (93.786 * g) - (18.214 * b)) / 255.0);
        return new YuvColour(ToByte(y), ToByte(u), ToByte(v));
    }

    /// <summary>A neutral grey (no chroma) of luma <paramref name="y"/>.</summary>
    public static YuvColour Grey(byte y) => new(y, 128, 128);

    private static byte ToByte(double value) => (byte)Math.Clamp((int)Math.Round(value, MidpointRounding.AwayFromZero), 0, 255);
}
