using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Negotiation;
using static PluggableDmaBuf.Core.Tests.Negotiation.Devices;

namespace PluggableDmaBuf.Core.Tests.Negotiation;

/// <summary>
/// Two findings of the input-reliability work in the engine: a heap is reachable when its own last
/// address is (not its zone's), and a request with very many devices is checked in linear time.
/// </summary>
public sealed class HeapReachAndScaleTests
{
    [Fact]
    public void A_30_bit_device_reaches_cma_which_lies_wholly_below_1_GiB()
    {
        // cma is 256 MiB at 256 MiB, so it ends at 512 MiB, inside a 30-bit (1 GiB) device's reach.
        // The engine compared the limit with the dma32 zone's last address (4 GiB), refused every heap
        // and said "cma lies up to 4 GiB": the zone's limit, not the heap's.
        var result = Negotiate(BufferRequest.ForSize(4096), new DeviceDescription("a", addressBits: 30));

        Assert.True(result.Succeeded, result.Conflict?.Message);
        Assert.Equal("cma", result.GetPlacementOrThrow().Heap.Name);
    }

    [Fact]
    public void A_request_with_128000_devices_is_negotiated()
    {
        // The names were compared pair by pair: 8 billion comparisons here, over 20 s.
        var devices = Enumerable.Range(0, 128_000).Select(i => new DeviceDescription($"d{i}", hasIommu: true)).ToArray();

        var result = NegotiationEngine.Instance.Negotiate(BufferRequest.ForSize(4096), devices, MemoryMap.NegotiateDefault.Heaps);

        Assert.True(result.Succeeded);
    }
}
