using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>A recycled buffer's attach–map–unmap–detach cycle reuses its objects and allocates nothing.</summary>
public sealed class RecyclingTests() : LeakCheckedTest(new DmaBufCoreOptions { Strict = false })
{
    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public void The_steady_cycle_of_two_devices_allocates_nothing(bool image, bool declaredFormats)
    {
        var gpu = declaredFormats ? TestDevices.Gpu() : new DeviceDescription("gpu0", hasIommu: true, addressBits: 48, alignment: 65536);
        var display = declaredFormats ? TestDevices.Display() : new DeviceDescription("display0", addressBits: 32, maxSegments: 1);
        var request = image ? BufferRequest.ForImage(1920, 1080, [PixelFormat.XR24], "gpu0") : BufferRequest.ForSize(8 << 20, "gpu0");
        var buffer = Core.Allocate(Core.Negotiate(request, [gpu, display]).GetPlacementOrThrow());
        Cycle(buffer, gpu, display); // warm up: attachment objects, IOVA space, tables

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Cycle(buffer, gpu, display);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        buffer.Put();
    }

    [Fact]
    public void In_strict_mode_objects_are_not_recycled_and_a_stale_attachment_fails()
    {
        using var scope = new CoreScope(new DmaBufCoreOptions { Strict = true });
        var buffer = scope.Core.Export(BufferRequest.ForSize(4096), TestDevices.Video());
        var first = buffer.Attach(TestDevices.Gpu());
        first.Detach();

        var second = buffer.Attach(TestDevices.Gpu());

        Assert.NotSame(first, second);
        Assert.Throws<BufferStateException>(() => first.Map(DmaDirection.ToDevice));
        second.Detach();
        buffer.Put();
    }

    private static void Cycle(IDmaBuf buffer, DeviceDescription gpu, DeviceDescription display)
    {
        buffer.Get();
        var a = buffer.Attach(gpu);
        var b = buffer.Attach(display);
        var ma = a.Map(DmaDirection.FromDevice);
        var mb = b.Map(DmaDirection.ToDevice);
        mb.Unmap();
        ma.Unmap();
        b.Detach();
        a.Detach();
        buffer.Put();
    }
}
