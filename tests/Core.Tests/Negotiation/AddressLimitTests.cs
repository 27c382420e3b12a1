using PluggableDmaBuf.Core.Memory;
using static PluggableDmaBuf.Core.Tests.Negotiation.Devices;

namespace PluggableDmaBuf.Core.Tests.Negotiation;

public sealed class AddressLimitTests
{
    [Fact]
    public void A_32_bit_device_without_iommu_keeps_the_buffer_below_4_GiB()
    {
        var placement = Negotiate(BufferRequest.ForSize(1 << 20), new DeviceDescription("dev", addressBits: 32)).GetPlacementOrThrow();

        Assert.Equal("system-dma32", placement.Heap.Name);
        Assert.Equal(0xFFFF_FFFFUL, placement.AddressLimit);
    }

    [Fact]
    public void An_iommu_device_limit_applies_only_to_its_io_virtual_space()
    {
        var placement = Negotiate(BufferRequest.ForSize(1 << 20), new DeviceDescription("dev", hasIommu: true, addressBits: 32)).GetPlacementOrThrow();

        Assert.Equal("system", placement.Heap.Name);
        Assert.Null(placement.AddressLimit);
    }

    [Fact]
    public void The_limit_is_the_lowest_over_devices_without_iommu()
    {
        var placement = Negotiate(BufferRequest.ForSize(4096),
            new DeviceDescription("a", addressBits: 40), new DeviceDescription("b", addressBits: 36), new DeviceDescription("c", hasIommu: true, addressBits: 20))
            .GetPlacementOrThrow();

        Assert.Equal((1UL << 36) - 1, placement.AddressLimit);
        Assert.Equal("system", placement.Heap.Name); // 36 bits reach 64 GiB, beyond the normal zone's end at 20 GiB
    }

    [Fact]
    public void A_64_bit_limit_counts_as_unlimited()
    {
        var placement = Negotiate(BufferRequest.ForSize(4096), new DeviceDescription("a")).GetPlacementOrThrow();

        Assert.Null(placement.AddressLimit);
    }

    [Fact]
    public void A_heap_lies_within_a_limit_only_when_its_whole_zone_does()
    {
        // 33 bits reach 8 GiB: the normal zone runs to 20 GiB, so system is out although it starts at 4 GiB.
        var placement = Negotiate(BufferRequest.ForSize(4096), new DeviceDescription("a", addressBits: 33)).GetPlacementOrThrow();

        Assert.Equal("system-dma32", placement.Heap.Name);
    }

    [Fact]
    public void No_heap_within_the_limit_is_an_address_conflict()
    {
        var result = Negotiate(MemoryMap.SystemDefault, BufferRequest.ForSize(4096), new DeviceDescription("tiny", addressBits: 24));

        Assert.Equal(ConstraintKind.Address, result.Conflict!.Constraint);
        Assert.Equal(["tiny"], result.Conflict.Devices);
        Assert.Contains("addresses below 16 MiB", result.Conflict.Message, StringComparison.Ordinal);
    }
}
