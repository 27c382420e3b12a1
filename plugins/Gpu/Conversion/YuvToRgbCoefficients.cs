namespace PluggableDmaBuf.Plugins.Gpu.Conversion;

/// <summary>
/// The Y'CbCr → R'G'B' equations for one matrix and range, in real numbers and in the two fixed-point
/// forms the kernels use:
/// <c>R = Ky (Y − Yo) + Krv (V − 128)</c>, <c>G = Ky (Y − Yo) + Kgu (U − 128) + Kgv (V − 128)</c>,
/// <c>B = Ky (Y − Yo) + Kbu (U − 128)</c>, each rounded and clamped to 0..255.
/// </summary>
/// <remarks>
/// The vector form works in 16-bit lanes with multiply-high: luma enters as <c>Y &lt;&lt; 7</c> against a
/// Q14 gain, chroma as <c>(C − 128) &lt;&lt; 8</c> against Q13 gains, and both products come out in Q5.
/// That keeps every coefficient to within 2⁻¹³ and every sum within a 16-bit lane (the largest,
/// BT.709 limited blue, peaks near 17 000), so the vector path stays within ±1 of the scalar one.
/// Immutable; shared across threads.
/// </remarks>
internal sealed class YuvToRgbCoefficients
{
    private static readonly YuvToRgbCoefficients[] s_table =
    [
        new(YuvMatrix.Bt601, YuvRange.Limited), new(YuvMatrix.Bt601, YuvRange.Full),
        new(YuvMatrix.Bt709, YuvRange.Limited), new(YuvMatrix.Bt709, YuvRange.Full),
    ];

    private YuvToRgbCoefficients(YuvMatrix matrix, YuvRange range)
    {
        (var kr, var kb) = matrix switch
        {
            YuvMatrix.Bt601 => (0.299, 0.114),
            YuvMatrix.Bt709 => (0.2126, 0.0722),
            _ => throw new ArgumentOutOfRangeException(nameof(matrix), matrix, "unknown matrix"),
        };
        (var lumaGain, var chromaGain, LumaOffset) = range switch
        {
            YuvRange.Limited => (255.0 / 219.0, 255.0 / 224.0, 16),
            YuvRange.Full => (1.0, 1.0, 0),
            _ => throw new ArgumentOutOfRangeException(nameof(range), range, "unknown range"),
        };

        var kg = 1 - kr - kb;
        Matrix = matrix;
        Range = range;
        Ky = lumaGain;
        Krv = chromaGain * 2 * (1 - kr);
        Kgu = -chromaGain * 2 * kb * (1 - kb) / kg;
        Kgv = -chromaGain * 2 * kr * (1 - kr) / kg;
        Kbu = chromaGain * 2 * (1 - kb);

        Ky16 = Q(Ky, 16);
        Krv16 = Q(Krv, 16);
        Kgu16 = Q(Kgu, 16);
        Kgv16 = Q(Kgv, 16);
        Kbu16 = Q(Kbu, 16);

        Ky14 = (short)Q(Ky, 14);
        Krv13 = (short)Q(Krv, 13);
        Kgu13 = (short)Q(Kgu, 13);
        Kgv13 = (short)Q(Kgv, 13);
        Kbu13 = (short)Q(Kbu, 13);

        // Q5 rounding (+16) and the luma offset folded into one constant; each multiply-high floors,
        // losing half a unit on average, so one unit per two products is given back.
        var offset = (int)Math.Round(LumaOffset * Ky * 32);
        Bias5 = (short)(16 + 1 - offset);
    }

    /// <summary>The matrix.</summary>
    public YuvMatrix Matrix { get; }

    /// <summary>The range.</summary>
    public YuvRange Range { get; }

    /// <summary>Luma offset Yo: 16 for limited range, 0 for full.</summary>
    public int LumaOffset { get; }

    /// <summary>Luma gain.</summary>
    public double Ky { get; }

    /// <summary>V → R gain.</summary>
    public double Krv { get; }

    /// <summary>U → G gain (negative).</summary>
    public double Kgu { get; }

    /// <summary>V → G gain (negative).</summary>
    public double Kgv { get; }

    /// <summary>U → B gain.</summary>
    public double Kbu { get; }

    /// <summary>Luma gain, Q16.</summary>
    public int Ky16 { get; }

    /// <summary>V → R gain, Q16.</summary>
    public int Krv16 { get; }

    /// <summary>U → G gain, Q16.</summary>
    public int Kgu16 { get; }

    /// <summary>V → G gain, Q16.</summary>
    public int Kgv16 { get; }

    /// <summary>U → B gain, Q16.</summary>
    public int Kbu16 { get; }

    /// <summary>Luma gain, Q14, for multiply-high against <c>Y &lt;&lt; 7</c>.</summary>
    public short Ky14 { get; }

    /// <summary>V → R gain, Q13, for multiply-high against <c>(V − 128) &lt;&lt; 8</c>.</summary>
    public short Krv13 { get; }

    /// <summary>U → G gain, Q13.</summary>
    public short Kgu13 { get; }

    /// <summary>V → G gain, Q13.</summary>
    public short Kgv13 { get; }

    /// <summary>U → B gain, Q13.</summary>
    public short Kbu13 { get; }

    /// <summary>Q5 constant added to every channel: rounding, minus the luma offset's product.</summary>
    public short Bias5 { get; }

    /// <summary>The coefficients for a matrix and range (cached).</summary>
    public static YuvToRgbCoefficients For(YuvMatrix matrix, YuvRange range)
    {
        if (matrix is not (YuvMatrix.Bt601 or YuvMatrix.Bt709))
        {
            throw new ArgumentOutOfRangeException(nameof(matrix), matrix, "unknown matrix");
        }

        return range is YuvRange.Limited or YuvRange.Full
            ? s_table[((int)matrix * 2) + (int)range]
            : throw new ArgumentOutOfRangeException(nameof(range), range, "unknown range");
    }

    private static int Q(double value, int fractionBits) => (int)Math.Round(value * (1 << fractionBits));
}
