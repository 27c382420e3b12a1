using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Accounting;

/// <summary>The listing of live buffers, like debugfs bufinfo.</summary>
public sealed class BufInfoTests : LeakCheckedTest
{
    [Fact]
    public void The_snapshot_lists_each_live_buffer_with_its_placement_attachments_and_mappings()
    {
        var image = Core.Export(BufferRequest.ForImage(640, 480, [PixelFormat.XR24], "gpu0"), TestDevices.Gpu(), "frame");
        var gpu = image.Attach(TestDevices.Gpu());
        var display = image.Attach(TestDevices.Display());
        var mapping = display.Map(DmaDirection.ToDevice);
        var raw = ExportDeferred(TestDevices.Video(), 8192, "raw");

        var listing = Core.Accounting.Snapshot();

        Assert.Equal(["frame", "raw"], listing.Select(b => b.Name));
        var frame = listing[0];
        Assert.Equal(image.Id, frame.Id);
        Assert.Equal(image.Size, frame.Size);
        Assert.Equal("gpu0", frame.Exporter);
        Assert.Equal("cma", frame.Heap);
        Assert.Equal(("XR24", "linear", 640, 480), (frame.Format, frame.Modifier, frame.Width, frame.Height));
        Assert.Equal(image.Planes, frame.Planes);
        Assert.Equal(1, frame.Segments);
        Assert.NotNull(frame.Address);
        Assert.Equal(["gpu0", "display0"], frame.Attachments);
        Assert.Equal(1, frame.ActiveMappings);
        Assert.Equal(3, frame.References);
        Assert.Null(listing[1].Heap);
        Assert.Equal(0, listing[1].Segments);

        var text = Core.Accounting.FormatBufInfo();
        Assert.Contains("frame [gpu0, display0]", text);
        Assert.Contains("(unplaced)", text);
        Assert.Contains("2 buffers", text);

        mapping.Unmap();
        display.Detach();
        gpu.Detach();
        image.Put();
        raw.Put();
        Assert.Empty(Core.Accounting.Snapshot());
    }
}
