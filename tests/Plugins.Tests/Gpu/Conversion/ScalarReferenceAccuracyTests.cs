using PluggableDmaBuf.Plugins.Gpu.Conversion;

namespace PluggableDmaBuf.Plugins.Tests.Gpu.Conversion;

public unsafe class ScalarReferenceAccuracyTests
{
    [Theory]
    [InlineData(0.299, 0.114, "Bt601")]
    [InlineData(0.2126, 0.0722, "Bt709")]
    public void The_reference_rounds_the_real_valued_equations_to_nearest(double kr, double kb, string matrixName)
    {
        var matrix = Enum.Parse<YuvMatrix>(matrixName);
        var pixel = stackalloc byte[4];
        foreach (var range in new[] { YuvRange.Limited, YuvRange.Full })
        {
            var k = YuvToRgbCoefficients.For(matrix, range);
            var (yScale, cScale, yOffset) = range == YuvRange.Limited ? (255.0 / 219, 255.0 / 224, 16) : (1.0, 1.0, 0);
            var kg = 1 - kr - kb;
            for (var y = 0; y < 256; y++)
            {
                for (var u = 0; u < 256; u += 3)
                {
                    for (var v = 0; v < 256; v += 3)
                    {
                        var luma = yScale * (y - yOffset);
                        var r = luma + (cScale * 2 * (1 - kr) * (v - 128));
                        var g = luma - (cScale * 2 * ((kb * (1 - kb) * (u - 128)) + (kr * (1 - kr) * (v - 128))) / kg);
                        var b = luma + (cScale * 2 * (1 - kb) * (u - 128));

                        ScalarYuvToXrgb.Pixel(y, u, v, k, pixel);

                        Check(b, pixel[0], y, u, v, "B");
                        Check(g, pixel[1], y, u, v, "G");
                        Check(r, pixel[2], y, u, v, "R");
                        Assert.Equal(0xFF, pixel[3]);
                    }
                }
            }
        }
    }

    private static void Check(double exact, byte actual, int y, int u, int v, string channel)
    {
        // Q16 coefficients are off by at most 2^-17 each; over a 255 swing that is well under 0.01.
        var clamped = Math.Clamp(exact, 0, 255);
        if (Math.Abs(clamped - actual) > 0.51)
        {
            throw new InvalidOperationException($"Y{y} U{u} V{v}: {channel} is {actual}, exact {exact:F3}");
        }
    }
}
