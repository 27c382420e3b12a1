using PluggableDmaBuf.Plugins.Gpu.Conversion;
using PluggableDmaBuf.Plugins.Tests.Support;

namespace PluggableDmaBuf.Plugins.Tests.Gpu.Conversion;

[Collection(AllocationMeasurement.Name)]
public class ConversionAllocationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Converting_frames_allocates_nothing_once_warm(int degree)
    {
        var (width, height) = (320, 180);
        var planes = PlaneLayouts.For(PixelFormat.NV12, width, height);
        var source = new byte[PlaneLayouts.BufferLength(planes)];
        var target = new PlaneLayout(0, 4 * width, height, 4 * width);
        var destination = new byte[target.Length];
        using var converter = new YuvToXrgbConverter(degreeOfParallelism: degree);
        for (var i = 0; i < 50; i++)
        {
            converter.Convert(PixelFormat.NV12, width, height, source, planes, destination, target);
        }

        // Counted process-wide, so the worker threads count too. The test host allocates on its own
        // threads too (on a loaded machine it is still reporting the parallel collections' results
        // when this one starts), so a round of 50 frames that allocates nothing at all is the proof,
        // with pauses between rounds for the host to drain; a per-frame allocation would make every
        // round allocate.
        var rounds = new List<long>();
        for (var round = 0; round < 40; round++)
        {
            if (round > 0)
            {
                Thread.Sleep(25);
            }

            var before = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < 50; i++)
            {
                converter.Convert(PixelFormat.NV12, width, height, source, planes, destination, target);
            }

            rounds.Add(GC.GetTotalAllocatedBytes(precise: true) - before);
            if (rounds[^1] == 0)
            {
                return;
            }
        }

        Assert.Fail($"every round of 50 frames allocated: {string.Join(", ", rounds.Take(10))}, … bytes");
    }
}
