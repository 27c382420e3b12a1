using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>A recycled buffer's attach–map–unmap–detach cycle reuses its objects and allocates nothing.</summary>
public sealed class RecyclingTests() : LeakCheckedTest(new DmaBufCoreOptions { Strict = false })
{
    [Fact]
    public void The_steady_cycle_of_two_devices_allocates_nothing()
    {
        var gpu = TestDevices.Gpu();
        var display = TestDevices.Display();
        var buffer = AllocateFor(8 << 20, gpu, display);
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
