using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>Invariant 3: map is valid only on a live attachment; a buffer with no attachment cannot be mapped.</summary>
public sealed class MapRequiresAttachmentTests : LeakCheckedTest
{
    [Fact]
    public void Mapping_a_detached_attachment_fails_and_leaves_the_buffer_unplaced()
    {
        var buffer = ExportDeferred(TestDevices.Video());
        var attachment = buffer.Attach(TestDevices.Gpu());
        attachment.Detach();

        var error = Assert.Throws<BufferStateException>(() => attachment.Map(DmaDirection.ToDevice));

        Assert.Contains("gpu0", error.Message);
        Assert.Contains("detached", error.Message);
        Assert.Null(buffer.Placement);
        Assert.False(attachment.IsAttached);
        buffer.Put();
    }

    [Fact]
    public void A_detached_attachment_cannot_be_detached_or_unmapped_again()
    {
        var buffer = ExportDeferred(TestDevices.Video());
        var attachment = buffer.Attach(TestDevices.Gpu());
        var mapping = attachment.Map(DmaDirection.ToDevice);
        mapping.Unmap();
        attachment.Detach();

        Assert.Throws<BufferStateException>(attachment.Detach);
        Assert.Throws<BufferStateException>(mapping.Unmap);
        Assert.Throws<BufferStateException>(() => mapping.Segment(0));
        buffer.Put();
    }

    [Fact]
    public void Once_released_a_buffer_cannot_be_attached_so_it_can_never_be_mapped()
    {
        var buffer = ExportDeferred(TestDevices.Video());
        var attachment = buffer.Attach(TestDevices.Gpu());
        attachment.Detach();
        buffer.Put();

        Assert.Throws<BufferReleasedException>(() => buffer.Attach(TestDevices.Gpu()));
        Assert.Throws<BufferStateException>(() => attachment.Map(DmaDirection.ToDevice));
    }
}
