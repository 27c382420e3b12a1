using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Negotiation;
using static PluggableDmaBuf.Core.Tests.Negotiation.Devices;

namespace PluggableDmaBuf.Core.Tests.Negotiation;

/// <summary>
/// Two findings of the input-reliability work whose fix belongs in NegotiationEngine, which is being
/// rewritten on another branch. Each test states the behaviour the engine must have and is skipped
/// with the reason until that rewrite lands; remove the Skip then.
/// </summary>
public sealed class ReliabilityGapTests
{
    private const string Pending = "NegotiationEngine rewrite: see the test's comment; un-skip when it lands";

    [Fact(Skip = Pending)]
    public void A_30_bit_device_reaches_cma_which_lies_wholly_below_1_GiB()
    {
        // cma is 256 MiB at 256 MiB, so it ends at 512 MiB, inside a 30-bit (1 GiB) device's reach.
        // EvaluateHeap compares the limit with heap.Zone.Last (the dma32 zone's 4 GiB) instead of the
        // heap's own last address (Base + Size - 1), refuses every heap, and the conflict says
        // "cma lies up to 4 GiB" — the zone's limit, not the heap's.
        var result = Negotiate(BufferRequest.ForSize(4096), new DeviceDescription("a", addressBits: 30));

        Assert.True(result.Succeeded, result.Conflict?.Message);
        Assert.Equal("cma", result.GetPlacementOrThrow().Heap.Name);
    }

    [Fact(Skip = Pending)]
    public void A_request_with_128000_devices_is_negotiated()
    {
        // CheckInputs compares every pair of participant names (8 billion comparisons here; over 20 s
        // on the CI machine); a HashSet of names makes it linear. The host's reader already checks
        // duplicates linearly, so this is the only quadratic step left on the negotiate path.
        var devices = Enumerable.Range(0, 128_000).Select(i => new DeviceDescription($"d{i}", hasIommu: true)).ToArray();

        var result = NegotiationEngine.Instance.Negotiate(BufferRequest.ForSize(4096), devices, MemoryMap.NegotiateDefault.Heaps);

        Assert.True(result.Succeeded);
    }
}
