using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Negotiation;

namespace PluggableDmaBuf.Core.Tests.Negotiation;

public sealed class SpecExampleTests
{
    [Fact]
    public void The_spec_example_is_placed_in_cma_as_XR24_linear()
    {
        var gpu = new DeviceDescription("gpu0", hasIommu: true, addressBits: 48, alignment: 65536, pitchAlignment: 64,
            heaps: ["system", "system-dma32", "cma", "gpu0-vram"],
            formats: [new FormatSupport(PixelFormat.XR24, ["tiled", "linear"]), new FormatSupport(PixelFormat.NV12)]);
        var display = new DeviceDescription("display0", addressBits: 32, maxSegments: 1, pitchAlignment: 256,
            formats: [new FormatSupport(PixelFormat.XR24)]);
        var map = MemoryMap.NegotiateDefault.WithHeap("cma", 64 << 20, null);
        var request = BufferRequest.ForImage(1920, 1080, [PixelFormat.XR24, PixelFormat.NV12], "gpu0");

        var placement = NegotiationEngine.Instance.Negotiate(request, [gpu, display], map.Heaps).GetPlacementOrThrow();

        Assert.Equal("cma", placement.Heap.Name);
        Assert.Same(PixelFormat.XR24, placement.Format);
        Assert.Equal("linear", placement.Modifier);
        Assert.Equal(8323072, placement.Size);
        Assert.Equal(65536, placement.Alignment);
        Assert.Equal(1, placement.MaxSegments);
        Assert.Equal(4294967295UL, placement.AddressLimit);
        Assert.Equal([new PlaneLayout(0, 7680, 1080, 7680)], placement.Planes);
    }
}
