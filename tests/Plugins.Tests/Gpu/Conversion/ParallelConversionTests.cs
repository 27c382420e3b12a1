using PluggableDmaBuf.Plugins.Gpu.Conversion;
using PluggableDmaBuf.Plugins.Tests.Support;

namespace PluggableDmaBuf.Plugins.Tests.Gpu.Conversion;

public class ParallelConversionTests
{
    [Theory]
    [InlineData("NV12", 333, 257, 2)]
    [InlineData("YU12", 97, 480, 4)]
    [InlineData("YUYV", 642, 91, 3)]
    public void Splitting_rows_across_threads_gives_the_same_bytes_as_one_thread(string fourCC, int width, int height, int degree)
    {
        var format = PixelFormat.Parse(fourCC);
        var planes = PlaneLayouts.For(format, width, height, 13, 64);
        var source = new byte[PlaneLayouts.BufferLength(planes)];
        new Random(width * height).NextBytes(source);
        var target = new PlaneLayout(4096, (4 * width) + 64, height, 4 * width);
        var single = new byte[target.Offset + target.Length];
        var parallel = new byte[single.Length];
        using var one = new YuvToXrgbConverter(degreeOfParallelism: 1);
        using var many = new YuvToXrgbConverter(degreeOfParallelism: degree);

        one.Convert(format, width, height, source, planes, single, target);
        for (var frame = 0; frame < 3; frame++)
        {
            Array.Clear(parallel);
            many.Convert(format, width, height, source, planes, parallel, target);
            Assert.True(single.AsSpan().SequenceEqual(parallel), $"frame {frame} differs");
        }
    }

    [Fact]
    public void The_defaults_are_bt601_limited_with_the_best_kernel_on_every_core()
    {
        using var converter = new YuvToXrgbConverter();

        Assert.Equal(YuvMatrix.Bt601, converter.Matrix);
        Assert.Equal(YuvRange.Limited, converter.Range);
        Assert.Equal(ConversionKernels.Best, converter.Kernel);
        Assert.Equal(Environment.ProcessorCount, converter.DegreeOfParallelism);
    }
}
