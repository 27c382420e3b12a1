using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>A recycled buffer's attach–map–unmap–detach cycle reuses its slots and allocates nothing, with handle checks on (the strict fixture).</summary>
public sealed class RecyclingTests : LeakCheckedTest
{
    [Theory]
    [InlineData(false, true)]
    [InlineData(true, true)]
    [InlineData(true, false)]
    public void The_steady_cycle_of_two_devices_allocates_nothing(bool image, bool declaredFormats)
    {
        Assert.True(Core.Options.Strict);
        var gpu = declaredFormats ? TestDevices.Gpu() : new DeviceDescription("gpu0", hasIommu: true, addressBits: 48, alignment: 65536);
        var display = declaredFormats ? TestDevices.Display() : new DeviceDescription("display0", addressBits: 32, maxSegments: 1);
        var request = image ? BufferRequest.ForImage(1920, 1080, [PixelFormat.XR24], "gpu0") : BufferRequest.ForSize(8 << 20, "gpu0");
        var buffer = Core.Allocate(Core.Negotiate(request, [gpu, display]).GetPlacementOrThrow());
        Cycle(buffer, gpu, display); // warm up: attachment slots, IOVA space, tables

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            Cycle(buffer, gpu, display);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        buffer.Put();
    }

    [Fact]
    public void A_recycled_slot_gives_the_next_attach_a_new_handle_and_the_old_one_stays_detached()
    {
        var buffer = Core.Export(BufferRequest.ForSize(4096), TestDevices.Video());
        var first = buffer.Attach(TestDevices.Gpu());
        first.Detach();

        var second = buffer.Attach(TestDevices.Display());

        Assert.NotEqual(first, second);
        Assert.False(first.IsAttached);
        Assert.True(second.IsAttached);
        Assert.Equal("display0", second.Device.Name);
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
