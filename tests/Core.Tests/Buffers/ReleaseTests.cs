using Moq;
using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>Invariant 7: detach after all unmaps; release exactly once after the last reference; every operation on a released buffer fails clearly.</summary>
public sealed class ReleaseTests : LeakCheckedTest
{
    [Fact]
    public void Detach_while_mapped_fails_and_changes_nothing()
    {
        var buffer = ExportDeferred(TestDevices.Video());
        var gpu = buffer.Attach(TestDevices.Gpu());
        var mapping = gpu.Map(DmaDirection.ToDevice);

        var error = Assert.Throws<BufferStateException>(gpu.Detach);

        Assert.Contains("still mapped", error.Message);
        Assert.True(gpu.IsAttached);
        Assert.Equal(2, buffer.ReferenceCount);
        mapping.Unmap();
        gpu.Detach();
        buffer.Put();
    }

    [Fact]
    public void Release_runs_exactly_once_after_the_last_reference_from_any_holder()
    {
        var exporter = new Mock<DmaBufExporter>("mock") { CallBase = true };
        var buffer = ExportDeferred(TestDevices.Video(), callbacks: exporter.Object);
        buffer.Get();
        var gpu = buffer.Attach(TestDevices.Gpu());
        var access = buffer.BeginCpuAccess(CpuAccessMode.Read);
        var view = buffer.Vmap();

        buffer.Put();
        buffer.Put();
        access.End();
        gpu.Detach();
        exporter.Verify(e => e.Release(It.IsAny<IDmaBuf>()), Times.Never);
        Assert.False(buffer.IsReleased);

        view.Dispose();

        exporter.Verify(e => e.Release(buffer), Times.Once);
        Assert.True(buffer.IsReleased);
        Assert.Equal(0, buffer.ReferenceCount);
        Assert.Throws<BufferReleasedException>(buffer.Put);
        exporter.Verify(e => e.Release(It.IsAny<IDmaBuf>()), Times.Once);
    }

    [Fact]
    public void Every_operation_on_a_released_buffer_throws_the_released_error_naming_it()
    {
        var buffer = ExportDeferred(TestDevices.Video(), name: "gone");
        buffer.Put();

        Assert.All(new Action[]
        {
            buffer.Get,
            buffer.Put,
            () => buffer.Attach(TestDevices.Gpu()),
            () => buffer.BeginCpuAccess(CpuAccessMode.Read),
            () => buffer.Vmap(),
            () => buffer.Mmap(),
        }, action =>
        {
            var error = Assert.Throws<BufferReleasedException>(action);
            Assert.Contains("#1 'gone'", error.Message);
            Assert.Equal(1, error.BufferId);
        });
        Assert.Equal(0, Core.Accounting.LiveBuffers);
        Assert.Equal(1, Core.Accounting.BuffersReleased);
    }

    [Fact]
    public void Release_frees_the_placement_and_the_storage()
    {
        var buffer = AllocateFor(8 << 20, TestDevices.Display());
        var cma = Core.Accounting.HeapUsage().Single(h => h.Heap == "cma");
        Assert.Equal(8 << 20, cma.LiveBytes);

        buffer.Put();

        cma = Core.Accounting.HeapUsage().Single(h => h.Heap == "cma");
        Assert.Equal(0, cma.LiveBytes);
        Assert.Equal(cma.Size, cma.FreeBytes);
        Assert.Equal(cma.Size, cma.LargestFreeBlock);
    }
}
