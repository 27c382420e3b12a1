using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Storage;
using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>The central allocator's path: a buffer placed at once from a negotiated placement.</summary>
public sealed class HeapAllocationTests : LeakCheckedTest
{
    [Fact]
    public void An_allocation_is_placed_at_once_with_real_zeroed_memfd_bytes()
    {
        var placement = Core.Negotiate(BufferRequest.ForImage(1920, 1080, [PixelFormat.XR24], "gpu0"),
            [TestDevices.Gpu(), TestDevices.Display()]).GetPlacementOrThrow();

        var buffer = Core.Allocate(placement, "scanout-0");

        Assert.Same(placement, buffer.Placement);
        Assert.Equal("cma", buffer.Placement!.Heap.Name);
        Assert.Equal(placement.Size, buffer.Size);
        Assert.Same(PixelFormat.XR24, buffer.Format);
        Assert.Equal(placement.Planes, buffer.Planes);
        Assert.Equal(StorageKind.Memfd, Core.StorageKind);
        using (var access = buffer.BeginCpuAccess(CpuAccessMode.Read))
        {
            Assert.True(access.ReadOnlySpan.IndexOfAnyExcept((byte)0) < 0);
        }

        buffer.Put();
    }

    [Fact]
    public void A_contiguous_heap_that_is_too_fragmented_refuses_with_its_free_and_largest_block()
    {
        var display = TestDevices.Display();
        var blocks = Enumerable.Range(0, 8).Select(_ => AllocateFor(32 << 20, display)).ToList();
        for (var i = 0; i < 8; i += 2)
        {
            blocks[i].Put();
        }

        Assert.Equal(32 << 20, Core.LargestFreeBlock(Core.Map.Find("cma")!));
        var placement = new NegotiatedPlacement(Core.Map.Find("cma")!, 64 << 20, 4096, 1, null, 0xFFFF_FFFF);

        var error = Assert.Throws<HeapExhaustedException>(() => Core.Allocate(placement));

        Assert.Equal("cma", error.Heap);
        Assert.Equal(128L << 20, error.Free);
        Assert.Equal(32L << 20, error.LargestFree);
        Assert.Equal(4, Core.Accounting.LiveBuffers);
        for (var i = 1; i < 8; i += 2)
        {
            blocks[i].Put();
        }
    }

    [Fact]
    public void A_placement_in_a_heap_outside_the_memory_map_is_refused()
    {
        var foreign = new HeapDescription("gpu1-vram", HeapKind.Contiguous, MemoryMap.DeviceLocalHeap("gpu1", 1).Zone,
            MemoryMap.DeviceLocalHeap("gpu1", 1).Base, 1 << 30, "gpu1");

        var error = Assert.Throws<InvalidConstraintException>(() => Core.Allocate(new NegotiatedPlacement(foreign, 4096, 4096, null, null, null)));

        Assert.Contains("unknown heap 'gpu1-vram'", error.Message);
    }
}
