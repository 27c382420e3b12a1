using PluggableDmaBuf.Core.Memory;
using static PluggableDmaBuf.Core.Tests.Negotiation.Devices;

namespace PluggableDmaBuf.Core.Tests.Negotiation;

public sealed class HeapPreferenceTests
{
    [Fact]
    public void A_device_local_heap_reachable_by_all_comes_first()
    {
        var placement = Negotiate(BufferRequest.ForSize(1 << 20), Gpu()).GetPlacementOrThrow();

        Assert.Equal("gpu0-vram", placement.Heap.Name);
    }

    [Fact]
    public void A_device_local_heap_is_reachable_only_by_devices_that_list_it()
    {
        var other = new DeviceDescription("codec", hasIommu: true);

        var placement = Negotiate(BufferRequest.ForSize(1 << 20), Gpu(), other).GetPlacementOrThrow();

        Assert.Equal("system", placement.Heap.Name);
    }

    [Fact]
    public void Declaring_peer_access_makes_the_local_heap_shared()
    {
        var peer = new DeviceDescription("codec", hasIommu: true, heaps: ["gpu0-vram", "system"]);

        var placement = Negotiate(BufferRequest.ForSize(1 << 20), Gpu(), peer).GetPlacementOrThrow();

        Assert.Equal("gpu0-vram", placement.Heap.Name);
    }

    [Theory]
    [InlineData(new[] { "system", "system-dma32", "cma" }, "system")]
    [InlineData(new[] { "cma", "system-dma32" }, "system-dma32")]
    [InlineData(new[] { "cma" }, "cma")]
    public void System_then_dma32_then_cma_scarcest_last(string[] heaps, string expected)
    {
        var device = new DeviceDescription("dev", hasIommu: true, heaps: heaps);

        Assert.Equal(expected, Negotiate(BufferRequest.ForSize(8192), device).GetPlacementOrThrow().Heap.Name);
    }

    [Fact]
    public void A_heap_without_room_is_passed_over()
    {
        var map = MemoryMap.NegotiateDefault.WithHeap("cma", 1 << 20, null);
        var device = new DeviceDescription("dev", maxSegments: 1, heaps: ["cma", "system"]);

        var result = Negotiate(map, BufferRequest.ForSize(2 << 20), device);

        Assert.Equal(ConstraintKind.Heap, result.Conflict!.Constraint);
        Assert.Contains("cma (1 MiB) cannot hold 2097152 bytes", result.Conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Room_is_what_the_caller_says_is_free_at_run_time()
    {
        var device = new DeviceDescription("dev", hasIommu: true);
        var heaps = MemoryMap.NegotiateDefault.Heaps;

        var placement = Core.Negotiation.NegotiationEngine.Instance.Negotiate(BufferRequest.ForSize(1 << 20), [device], heaps,
            heap => heap.Name == "system" ? 0 : heap.Size).GetPlacementOrThrow();

        Assert.Equal("system-dma32", placement.Heap.Name);
    }

    [Fact]
    public void Every_suitable_heap_too_small_is_a_size_conflict_naming_every_participant()
    {
        var a = new DeviceDescription("a", addressBits: 40);
        var b = new DeviceDescription("b", hasIommu: true);

        var result = Negotiate(BufferRequest.ForSize(17L << 30), a, b);

        Assert.Equal(ConstraintKind.Size, result.Conflict!.Constraint);
        Assert.Equal(["a", "b"], result.Conflict.Devices);
    }

    [Fact]
    public void No_heap_reachable_by_every_participant_is_a_heap_conflict()
    {
        var a = new DeviceDescription("a", heaps: ["cma"]);
        var b = new DeviceDescription("b", heaps: ["system"]);

        var result = Negotiate(BufferRequest.ForSize(4096), a, b);

        Assert.Equal(ConstraintKind.Heap, result.Conflict!.Constraint);
        Assert.Equal(["a", "b"], result.Conflict.Devices);
        Assert.StartsWith("no heap is reachable by every participant", result.Conflict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mixed_reasons_are_a_heap_conflict_that_names_each_heap()
    {
        // The design's example: display0 needs one segment; system is scattered; cma cannot hold the frame.
        var map = MemoryMap.NegotiateDefault.WithHeap("cma", 16 << 20, null);
        var gpu = Gpu(formats: F(PixelFormat.XR24));
        var display = Display(formats: F(PixelFormat.XR24));

        var result = Negotiate(map, BufferRequest.ForImage(3840, 2160, [PixelFormat.XR24], "gpu0"), gpu, display);

        Assert.Equal(ConstraintKind.Heap, result.Conflict!.Constraint);
        Assert.Equal(["display0"], result.Conflict.Devices);
        var message = result.Conflict.Message;
        Assert.Contains("display0 needs 1 segment and addresses below 4 GiB without IOMMU", message, StringComparison.Ordinal);
        Assert.Contains("gpu0-vram is not reachable by display0", message, StringComparison.Ordinal);
        Assert.Contains("system lies up to 20 GiB", message, StringComparison.Ordinal);
        Assert.Contains("system-dma32 gives scattered pages", message, StringComparison.Ordinal);
        Assert.Contains("cma (16 MiB) cannot hold 33226752 bytes", message, StringComparison.Ordinal);
    }
}
