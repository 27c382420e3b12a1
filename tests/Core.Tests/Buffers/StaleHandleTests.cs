using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>
/// Invariants 3 and 7 through kept handles: a detached attachment or an unmapped mapping fails on
/// every use, in every mode, even when a later attach or map of the same buffer reuses its slot —
/// it never maps, unmaps or detaches someone else's attachment.
/// </summary>
public sealed class StaleHandleTests : LeakCheckedTest
{
    public static TheoryData<bool> Modes => [true, false];

    [Theory]
    [MemberData(nameof(Modes))]
    public void A_detached_handle_cannot_map_or_detach_the_attachment_that_reuses_its_slot(bool strict)
    {
        using var scope = new CoreScope(new DmaBufCoreOptions { Strict = strict });
        var buffer = scope.Core.Export(BufferRequest.ForSize(1 << 20, "video0"), TestDevices.Video());
        var first0 = buffer.Attach(TestDevices.Gpu());
        first0.Detach();
        var second0 = buffer.Attach(TestDevices.Gpu("gpu1"));

        Assert.False(first0.IsAttached);
        Assert.False(first0.IsMapped);
        Assert.Throws<BufferStateException>(() => first0.Device);
        Assert.Throws<BufferStateException>(() => first0.Map(DmaDirection.ToDevice));
        Assert.Throws<BufferStateException>(first0.Detach);
        Assert.True(second0.IsAttached);
        Assert.False(second0.IsMapped);

        var mapping = second0.Map(DmaDirection.ToDevice);
        Assert.Throws<BufferStateException>(first0.Detach);
        Assert.True(second0.IsMapped);
        mapping.Unmap();
        second0.Detach();
        buffer.Put();
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void An_unmapped_mapping_handle_cannot_unmap_or_read_the_next_mapping(bool strict)
    {
        using var scope = new CoreScope(new DmaBufCoreOptions { Strict = strict });
        var buffer = scope.Core.Export(BufferRequest.ForSize(1 << 20, "video0"), TestDevices.Video());
        var gpu = buffer.Attach(TestDevices.Gpu());
        var old = gpu.Map(DmaDirection.ToDevice);
        old.Unmap();
        var current = gpu.Map(DmaDirection.FromDevice);

        Assert.NotEqual(old, current);
        Assert.Throws<BufferStateException>(old.Unmap);
        Assert.Throws<BufferStateException>(() => old.Segment(0));
        Assert.Throws<BufferStateException>(() => old.Segments);
        Assert.Throws<BufferStateException>(() => old.Direction);
        Assert.True(gpu.IsMapped);
        Assert.Equal(DmaDirection.FromDevice, current.Direction);
        current.Unmap();
        gpu.Detach();
        buffer.Put();
    }

    [Fact]
    public void Handles_of_a_released_buffer_fail_clearly()
    {
        var buffer = ExportDeferred(TestDevices.Video());
        var gpu = buffer.Attach(TestDevices.Gpu());
        var mapping = gpu.Map(DmaDirection.ToDevice);
        mapping.Unmap();
        gpu.Detach();
        buffer.Put();

        Assert.True(buffer.IsReleased);
        var error = Assert.Throws<BufferStateException>(() => gpu.Map(DmaDirection.ToDevice));
        Assert.Contains("released", error.Message);
        Assert.Throws<BufferStateException>(mapping.Unmap);
        Assert.Equal(buffer, gpu.Buffer);
    }

    [Fact]
    public void The_default_handles_are_attached_to_nothing()
    {
        var attachment = default(DmaBufAttachment);
        var mapping = default(DmaBufMapping);

        Assert.False(attachment.IsAttached);
        Assert.Throws<BufferStateException>(() => attachment.Map(DmaDirection.ToDevice));
        Assert.Throws<BufferStateException>(mapping.Unmap);
    }
}
