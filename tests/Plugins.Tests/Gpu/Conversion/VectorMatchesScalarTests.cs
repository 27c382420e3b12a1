using CsCheck;
using PluggableDmaBuf.Plugins.Gpu.Conversion;
using PluggableDmaBuf.Plugins.Tests.Support;

namespace PluggableDmaBuf.Plugins.Tests.Gpu.Conversion;

public class VectorMatchesScalarTests
{
    private const byte Sentinel = 0x5A;

    private static readonly Gen<PixelFormat> s_formats = Gen.OneOfConst(PixelFormat.NV12, PixelFormat.YU12, PixelFormat.YUYV);

    [Theory]
    [InlineData(ConversionKernelName.Vector128)]
    [InlineData(ConversionKernelName.Vector256)]
    public void The_vector_kernel_is_within_one_of_the_scalar_reference_at_any_size_and_pitch(ConversionKernelName kernel)
    {
        // Widths from 1 (all tail) past several vector steps; odd widths and heights; pitches with
        // arbitrary padding, including padding that is not a multiple of anything.
        Gen.Select(s_formats, Gen.Int[1, 100], Gen.Int[1, 9], Gen.Int[0, 37], Gen.Int[0, 45], Gen.Enum<YuvMatrix>(), Gen.Enum<YuvRange>(), Gen.Int[1, 3])
            .Sample((format, width, height, sourcePadding, destinationPadding, matrix, range, degree) =>
            {
                width = format.RequiresEvenWidth ? Math.Max(2, width & ~1) : width;
                var planes = PlaneLayouts.For(format, width, height, sourcePadding, sourcePadding);
                var source = new byte[PlaneLayouts.BufferLength(planes)];
                Random.Shared.NextBytes(source);
                var target = new PlaneLayout(destinationPadding, (4 * width) + destinationPadding, height, 4 * width);
                var expected = new byte[target.Offset + target.Length + 8];
                var actual = new byte[expected.Length];
                Array.Fill(expected, Sentinel);
                Array.Fill(actual, Sentinel);

                using (var reference = new YuvToXrgbConverter(matrix, range, ConversionKernel.Scalar, 1))
                {
                    reference.Convert(format, width, height, source, planes, expected, target);
                }

                using (var vector = new YuvToXrgbConverter(matrix, range, (ConversionKernel)kernel, degree))
                {
                    vector.Convert(format, width, height, source, planes, actual, target);
                }

                var visible = PlaneLayouts.VisibleMask([target], expected.Length);
                for (var i = 0; i < expected.Length; i++)
                {
                    var tolerance = visible[i] ? 1 : 0;
                    if (Math.Abs(expected[i] - actual[i]) > tolerance)
                    {
                        throw new InvalidOperationException(
                            $"{format} {width}x{height} {matrix} {range}: byte {i} scalar {expected[i]}, {kernel} {actual[i]}");
                    }
                }
            }, iter: 400);
    }

    public enum ConversionKernelName
    {
        Vector128 = ConversionKernel.Vector128,
        Vector256 = ConversionKernel.Vector256,
    }
}
