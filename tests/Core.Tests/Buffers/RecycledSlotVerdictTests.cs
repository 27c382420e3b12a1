using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>
/// A pooled attachment slot remembers the device it served — its IO-virtual space and the placement it
/// reached directly — to spare the next attach of that device the checks: what it remembers holds only
/// for the very same device object and the very same placement.
/// </summary>
public sealed class RecycledSlotVerdictTests : LeakCheckedTest
{
    [Fact]
    public void A_device_that_reached_the_buffer_is_checked_again_once_the_buffer_has_moved()
    {
        var peer = TestDevices.VramPeer();
        var buffer = ExportDeferred(TestDevices.Gpu(), 1 << 20);
        var gpu = buffer.Attach(TestDevices.Gpu());
        gpu.Map(DmaDirection.ToDevice).Unmap();
        Assert.Equal("gpu0-vram", buffer.Placement!.Heap.Name);
        var first = buffer.Attach(peer);
        first.Map(DmaDirection.ToDevice).Unmap();
        first.Detach();
        gpu.Detach();

        // The display (given the gpu's slot: the peer's stays in the pool, remembering VRAM) cannot
        // reach VRAM: the idle buffer moves at its attach, out of the peer's reach.
        var display = buffer.Attach(TestDevices.Display());
        Assert.NotEqual("gpu0-vram", buffer.Placement!.Heap.Name);

        var error = Assert.Throws<BufferPlacementConflictException>(() => buffer.Attach(peer));

        Assert.Equal(ConstraintKind.Heap, error.Conflict.Constraint);
        Assert.Contains($"does not reach heap {buffer.Placement!.Heap.Name}", error.Message);
        Assert.Equal(2, buffer.ReferenceCount);
        display.Detach();
        buffer.Put();
    }

    [Fact]
    public void Another_device_object_of_the_same_name_is_checked_against_the_IO_virtual_space_in_use()
    {
        var buffer = AllocateFor(1 << 20, TestDevices.Gpu(), TestDevices.Video());
        var gpu = buffer.Attach(TestDevices.Gpu());
        gpu.Map(DmaDirection.ToDevice).Unmap();
        gpu.Detach();

        var narrower = new DeviceDescription("gpu0", hasIommu: true, addressBits: 40, heaps: ["system"]);
        var error = Assert.Throws<InvalidConstraintException>(() => buffer.Attach(narrower));

        Assert.Contains("gpu0 declares 40 address bits", error.Message);
        Assert.Equal(1, buffer.ReferenceCount);
        buffer.Put();
    }

    [Fact]
    public void A_recycled_slot_maps_its_device_again_in_a_fresh_IO_virtual_range_each_cycle()
    {
        var gpu = TestDevices.Gpu();
        var buffer = AllocateFor(1 << 20, gpu, TestDevices.Video());
        for (var i = 0; i < 3; i++)
        {
            var attachment = buffer.Attach(gpu);
            var mapping = attachment.Map(DmaDirection.FromDevice);
            Assert.Equal(1, Core.IovaFor(gpu).LiveRanges);
            mapping.Unmap();
            Assert.Equal(0, Core.IovaFor(gpu).LiveRanges);
            attachment.Detach();
        }

        buffer.Put();
    }
}
