using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>Invariant 4: until the first map nothing is placed; the first map places the buffer for every attachment present.</summary>
public sealed class DeferredAllocationTests : LeakCheckedTest
{
    [Fact]
    public void A_deferred_export_places_nothing_until_the_first_map()
    {
        var buffer = ExportDeferred(TestDevices.Video(), 8 << 20);
        var attachment = buffer.Attach(TestDevices.Gpu());

        Assert.Null(buffer.Placement);
        Assert.All(Core.Accounting.HeapUsage(), h => Assert.Equal(0, h.LiveBuffers));
        Assert.Equal(8 << 20, buffer.Size);

        var mapping = attachment.Map(DmaDirection.ToDevice);

        Assert.NotNull(buffer.Placement);
        Assert.Equal(1, Core.Accounting.HeapUsage().Single(h => h.Heap == buffer.Placement!.Heap.Name).LiveBuffers);
        mapping.Unmap();
        attachment.Detach();
        buffer.Put();
    }

    [Fact]
    public void The_first_map_honours_every_attachment_present_not_only_the_one_mapping()
    {
        var buffer = ExportDeferred(TestDevices.Video(), 8 << 20);
        var gpu = buffer.Attach(TestDevices.Gpu());
        var display = buffer.Attach(TestDevices.Display());

        var mapping = gpu.Map(DmaDirection.ToDevice);

        // display0 needs one segment below 4 GiB: of the heaps video0 reaches only cma gives that.
        Assert.Equal("cma", buffer.Placement!.Heap.Name);
        Assert.Equal(1, buffer.Placement.MaxSegments);
        Assert.Equal(0xFFFF_FFFFUL, buffer.Placement.AddressLimit);
        var displayMapping = display.Map(DmaDirection.ToDevice);
        Assert.False(displayMapping.IsBounced);
        Assert.Equal(0, Core.Accounting.BytesCopied);
        displayMapping.Unmap();
        mapping.Unmap();
        display.Detach();
        gpu.Detach();
        buffer.Put();
    }

    [Fact]
    public void Without_constraining_attachments_the_preferred_system_heap_is_used()
    {
        var buffer = ExportDeferred(TestDevices.Video(), 8 << 20);
        var gpu = buffer.Attach(TestDevices.Gpu());

        var mapping = gpu.Map(DmaDirection.FromDevice);

        Assert.Equal("system", buffer.Placement!.Heap.Name);
        mapping.Unmap();
        gpu.Detach();
        buffer.Put();
    }

    [Fact]
    public void An_attach_before_placement_that_no_heap_could_serve_is_refused_at_once()
    {
        var buffer = ExportDeferred(TestDevices.Video());

        var error = Assert.Throws<BufferPlacementConflictException>(() => buffer.Attach(TestDevices.VramPeer()));

        Assert.Equal(ConstraintKind.Heap, error.Conflict.Constraint);
        Assert.Contains("npu0", error.Conflict.Devices);
        Assert.Contains("not yet placed", error.Message);
        Assert.Equal(1, buffer.ReferenceCount);
        buffer.Put();
    }

    [Fact]
    public void CPU_access_before_the_first_map_creates_the_bytes_but_no_placement_and_they_survive_placement()
    {
        var buffer = ExportDeferred(TestDevices.Video(), 64 << 10);
        WritePattern(buffer, 3);
        Assert.Null(buffer.Placement);

        var gpu = buffer.Attach(TestDevices.Gpu());
        var mapping = gpu.Map(DmaDirection.ToDevice);

        Assert.NotNull(buffer.Placement);
        Assert.True(HasPattern(buffer, 3));
        Assert.Equal(0, Core.Accounting.BytesCopied);
        mapping.Unmap();
        gpu.Detach();
        buffer.Put();
    }

    [Fact]
    public void An_image_export_fixes_the_exporters_layout_at_once()
    {
        var video = TestDevices.Video();
        var buffer = Core.Export(BufferRequest.ForImage(1920, 1080, [PixelFormat.NV12], "video0"), video);

        Assert.Same(PixelFormat.NV12, buffer.Format);
        Assert.Equal("linear", buffer.Modifier);
        Assert.Equal([new PlaneLayout(0, 1920, 1080, 1920), new PlaneLayout(2076672, 1920, 540, 1920)], buffer.Planes);
        Assert.Equal(3117056, buffer.Size);
        Assert.Null(buffer.Placement);
        buffer.Put();
    }
}
