using Microsoft.Extensions.Logging.Abstractions;
using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Negotiation;
using PluggableDmaBuf.Plugins.CentralAllocator.Allocation;

namespace PluggableDmaBuf.Plugins.Tests.CentralAllocator;

/// <summary>Buffers are pooled by negotiated layout and recycled once nobody else holds them.</summary>
public sealed class PoolingTests
{
    private readonly DmaBufCore _core = new(MemoryMap.SystemDefault.With(Devices.Vram));

    [Fact]
    public void A_dropped_buffer_is_handed_out_again_for_the_same_layout()
    {
        var allocator = NewAllocator();
        var first = allocator.Allocate(Devices.VideoLink(640, 480, overlay: true));
        var id = first.Id;
        first.Put();

        var again = allocator.Allocate(Devices.VideoLink(640, 480, overlay: true));

        Assert.Equal(id, again.Id);
        Assert.Equal((1, 1), (allocator.Created, allocator.Recycled));
        again.Put();
        allocator.Dispose();
        Assert.Equal(0, _core.Accounting.LiveBuffers);
    }

    [Fact]
    public void A_buffer_still_held_is_not_handed_out_twice()
    {
        var allocator = NewAllocator();
        var a = allocator.Allocate(Devices.VideoLink(640, 480, overlay: true));
        var b = allocator.Allocate(Devices.VideoLink(640, 480, overlay: true));

        Assert.NotEqual(a.Id, b.Id);
        Assert.Equal(2, allocator.Created);
        a.Put();
        b.Put();
        allocator.Dispose();
        Assert.Equal(0, _core.Accounting.LiveBuffers);
    }

    [Fact]
    public void Another_layout_gets_another_buffer()
    {
        var allocator = NewAllocator();
        var a = allocator.Allocate(Devices.VideoLink(640, 480, overlay: true));
        a.Put();

        var b = allocator.Allocate(Devices.VideoLink(640, 480, overlay: false));

        Assert.NotEqual(a.Id, b.Id);
        b.Put();
        allocator.Dispose();
        Assert.Equal(0, _core.Accounting.LiveBuffers);
    }

    [Fact]
    public void Disposing_leaves_buffers_in_use_alive_until_their_holders_drop_them()
    {
        var allocator = NewAllocator();
        var held = allocator.Allocate(Devices.VideoLink(320, 240, overlay: false));

        allocator.Dispose();

        Assert.False(held.IsReleased);
        held.Put();
        Assert.True(held.IsReleased);
        Assert.Throws<ObjectDisposedException>(() => allocator.Allocate(Devices.VideoLink(320, 240, overlay: false)));
    }

    private CentralBufferAllocator NewAllocator() =>
        new(_core, NegotiationEngine.Instance, Devices.Registry().Object, NullLogger<CentralBufferAllocator>.Instance);
}
