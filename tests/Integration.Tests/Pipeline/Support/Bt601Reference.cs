namespace PluggableDmaBuf.Integration.Tests.Pipeline.Support;

/// <summary>
/// The textbook BT.601 limited-range Y'CbCr → R'G'B' conversion in floating point, written apart from
/// gpu0's fixed-point kernels so that a test can judge them: Y' in 16..235 and Cb, Cr in 16..240
/// map to 0..255, with Kr = 0.299 and Kb = 0.114.
/// </summary>
internal static class Bt601Reference
{
    private const double Kr = 0.299;
    private const double Kb = 0.114;
    private const double Kg = 1 - Kr - Kb;

    public static (byte R, byte G, byte B) ToRgb(byte y, byte u, byte v)
    {
        var luma = (y - 16) * 255.0 / 219.0;
        var cb = (u - 128) * 255.0 / 224.0;
        var cr = (v - 128) * 255.0 / 224.0;
        var r = luma + (2 * (1 - Kr) * cr);
        var b = luma + (2 * (1 - Kb) * cb);
        var g = (luma - (Kr * r) - (Kb * b)) / Kg;
        return (Clamp(r), Clamp(g), Clamp(b));
    }

    private static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
}
