using Moq;
using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>The exporter seam: each callback runs exactly on its transition, and undeclared optional callbacks never run.</summary>
public sealed class ExporterCallbackTests : LeakCheckedTest
{
    [Fact]
    public void A_full_lifecycle_calls_each_callback_on_its_transition_in_order()
    {
        var exporter = new RecordingExporter();
        var buffer = ExportDeferred(TestDevices.Video(), callbacks: exporter);

        buffer.Get();
        var gpu = buffer.Attach(TestDevices.Gpu());
        var display = buffer.Attach(TestDevices.Display());
        var toGpu = gpu.Map(DmaDirection.Bidirectional);
        gpu.Map(DmaDirection.ToDevice).Unmap(); // the cached mapping: no callback
        var toDisplay = display.Map(DmaDirection.ToDevice);
        toDisplay.Unmap();
        toGpu.Unmap();
        using (buffer.BeginCpuAccess(CpuAccessMode.Write))
        {
        }

        using (buffer.Vmap())
        using (buffer.Vmap())
        {
        }

        buffer.Mmap().Dispose();
        display.Detach();
        gpu.Detach();
        buffer.Put();
        Assert.DoesNotContain("release", exporter.Calls);
        buffer.Put();

        Assert.Equal(
        [
            "attach gpu0", "attach display0", "map gpu0 Bidirectional", "map display0 ToDevice", "unmap display0", "unmap gpu0",
            "begin Write", "end Write", "vmap", "vunmap", "mmap", "detach display0", "detach gpu0", "release",
        ], exporter.Calls);
    }

    [Fact]
    public void Optional_callbacks_an_exporter_does_not_declare_are_never_called()
    {
        var exporter = new Mock<DmaBufExporter>(MockBehavior.Strict, "minimal");
        exporter.SetupGet(e => e.Operations).Returns(DmaBufOperations.Required);
        exporter.Setup(e => e.Map(It.IsAny<DmaBufMapping>()));
        exporter.Setup(e => e.Unmap(It.IsAny<DmaBufMapping>()));
        exporter.Setup(e => e.Release(It.IsAny<IDmaBuf>()));
        var buffer = ExportDeferred(TestDevices.Video(), callbacks: exporter.Object);

        var gpu = buffer.Attach(TestDevices.Gpu());
        gpu.Map(DmaDirection.ToDevice).Unmap();
        buffer.BeginCpuAccess(CpuAccessMode.Read).Dispose();
        buffer.Vmap().Dispose();
        buffer.Mmap().Dispose();
        gpu.Detach();
        buffer.Put();

        exporter.Verify(e => e.Map(It.IsAny<DmaBufMapping>()), Times.Once);
        exporter.Verify(e => e.Unmap(It.IsAny<DmaBufMapping>()), Times.Once);
        exporter.Verify(e => e.Release(buffer), Times.Once);
    }

    [Fact]
    public void An_exporter_refusing_an_attach_leaves_no_attachment_behind()
    {
        var exporter = new Mock<DmaBufExporter>("picky") { CallBase = true };
        exporter.Setup(e => e.Attach(It.Is<DmaBufAttachment>(a => a.Device.Name == "display0")))
            .Throws(new InvalidOperationException("picky does not export to displays"));
        var buffer = ExportDeferred(TestDevices.Video(), callbacks: exporter.Object);

        Assert.Throws<InvalidOperationException>(() => buffer.Attach(TestDevices.Display()));

        Assert.Equal(1, buffer.ReferenceCount);
        Assert.Empty(Core.Accounting.Snapshot().Single().Attachments);
        exporter.Verify(e => e.Detach(It.IsAny<DmaBufAttachment>()), Times.Never);
        buffer.Put();
    }

    [Fact]
    public void An_exporter_refusing_a_map_leaves_the_attachment_unmapped_and_the_IO_space_free()
    {
        var exporter = new Mock<DmaBufExporter>("busy") { CallBase = true };
        exporter.Setup(e => e.Map(It.IsAny<DmaBufMapping>())).Throws(new InvalidOperationException("busy"));
        var buffer = ExportDeferred(TestDevices.Video(), callbacks: exporter.Object);
        var gpu = buffer.Attach(TestDevices.Gpu());

        Assert.Throws<InvalidOperationException>(() => gpu.Map(DmaDirection.ToDevice));

        Assert.False(gpu.IsMapped);
        Assert.Equal(0, Core.IovaFor(TestDevices.Gpu()).LiveRanges);
        exporter.Verify(e => e.Unmap(It.IsAny<DmaBufMapping>()), Times.Never);
        gpu.Detach();
        buffer.Put();
    }

    [Fact]
    public void A_release_callback_that_throws_still_frees_the_buffer_once()
    {
        var exporter = new Mock<DmaBufExporter>("faulty") { CallBase = true };
        exporter.Setup(e => e.Release(It.IsAny<IDmaBuf>())).Throws(new InvalidOperationException("faulty release"));
        var buffer = AllocateFor(1 << 20, TestDevices.Display());
        buffer.Put();
        var faulty = Core.Allocate(Core.Negotiate(BufferRequest.ForSize(1 << 20), [TestDevices.Display()]).GetPlacementOrThrow(),
            exporter: exporter.Object);

        Assert.Throws<InvalidOperationException>(faulty.Put);

        Assert.True(faulty.IsReleased);
        Assert.Equal(0, Core.Accounting.HeapUsage().Single(h => h.Heap == "cma").LiveBytes);
        Assert.Throws<BufferReleasedException>(faulty.Put);
        exporter.Verify(e => e.Release(faulty), Times.Once);
    }
}
