using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Negotiation;
using PluggableDmaBuf.Plugins.CentralAllocator.Allocation;

namespace PluggableDmaBuf.Plugins.Tests.CentralAllocator;

/// <summary>The central allocator negotiates over the participants plus every device declaring one of the request's usages.</summary>
public sealed class PotentialConsumerTests
{
    [Fact]
    public void A_device_declaring_the_usage_joins_the_negotiation()
    {
        var core = new DmaBufCore(MemoryMap.SystemDefault.With(Devices.Vram));
        var negotiator = new Mock<INegotiator>();
        IReadOnlyList<DeviceDescription>? seen = null;
        negotiator.Setup(n => n.Negotiate(It.IsAny<BufferRequest>(), It.IsAny<IReadOnlyList<DeviceDescription>>(), It.IsAny<IReadOnlyList<HeapDescription>>(), It.IsAny<Func<HeapDescription, long>?>()))
            .Returns((BufferRequest r, IReadOnlyList<DeviceDescription> p, IReadOnlyList<HeapDescription> h, Func<HeapDescription, long>? f) =>
            {
                seen = p;
                return NegotiationEngine.Instance.Negotiate(r, p, h, f);
            });
        using var allocator = new CentralBufferAllocator(core, negotiator.Object, Devices.Registry().Object, NullLogger<CentralBufferAllocator>.Instance);

        var buffer = allocator.Allocate(Devices.VideoLink(1920, 1080, overlay: true));

        Assert.Equal(["video0", "gpu0", "display0"], seen!.Select(d => d.Name));
        Assert.Equal("cma", buffer.Placement!.Heap.Name);
        Assert.Equal([2048, 2048], buffer.Planes.Select(p => p.Pitch));
        negotiator.Verify(n => n.Negotiate(It.IsAny<BufferRequest>(), It.IsAny<IReadOnlyList<DeviceDescription>>(), core.Heaps, It.IsNotNull<Func<HeapDescription, long>>()), Times.Once);
        buffer.Put();
    }

    [Fact]
    public void Without_the_usage_the_display_does_not_constrain_the_buffer()
    {
        var core = new DmaBufCore(MemoryMap.SystemDefault.With(Devices.Vram));
        using var allocator = new CentralBufferAllocator(core, NegotiationEngine.Instance, Devices.Registry().Object, NullLogger<CentralBufferAllocator>.Instance);

        var buffer = allocator.Allocate(Devices.VideoLink(1920, 1080, overlay: false));

        Assert.Equal("system-dma32", buffer.Placement!.Heap.Name);
        Assert.Equal(1920, buffer.Planes[0].Pitch);
        buffer.Put();
    }

    [Fact]
    public void An_unregistered_participant_is_refused_by_name()
    {
        var core = new DmaBufCore(MemoryMap.SystemDefault);
        using var allocator = new CentralBufferAllocator(core, NegotiationEngine.Instance, Devices.Registry().Object, NullLogger<CentralBufferAllocator>.Instance);

        var error = Assert.Throws<InvalidConstraintException>(() =>
            allocator.Allocate(BufferRequest.ForSize(4096, "video0", ["npu0"])));

        Assert.Equal("participants: device 'npu0' is not registered by any plugin", error.Message);
        Assert.Equal(0, core.Accounting.LiveBuffers);
    }

    [Fact]
    public void Participants_who_cannot_share_a_buffer_are_a_conflict()
    {
        var core = new DmaBufCore(MemoryMap.SystemDefault);
        using var allocator = new CentralBufferAllocator(core, NegotiationEngine.Instance, Devices.Registry().Object, NullLogger<CentralBufferAllocator>.Instance);

        var error = Assert.Throws<BufferPlacementConflictException>(() =>
            allocator.Allocate(BufferRequest.ForImage(64, 64, [PixelFormat.RG16], "video0", ["display0"])));

        Assert.Equal(ConstraintKind.Format, error.Conflict.Constraint);
        Assert.Equal(0, core.Accounting.LiveBuffers);
    }
}
