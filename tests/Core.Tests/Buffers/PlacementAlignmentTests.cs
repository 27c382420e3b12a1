using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>The placement a deferred buffer reports is the merged one: its alignment too, not only its segment and address limits.</summary>
public sealed class PlacementAlignmentTests : LeakCheckedTest
{
    [Fact]
    public void A_device_attached_before_the_first_map_makes_the_reported_alignment_its_own()
    {
        var exporter = new DeviceDescription("gpu0", hasIommu: true, addressBits: 48);
        var isp = new DeviceDescription("isp0", addressBits: 32, maxSegments: 1, alignment: 1 << 20);
        var buffer = ExportDeferred(exporter, 4 << 20);
        var attachment = buffer.Attach(isp);

        var mapping = attachment.Map(DmaDirection.ToDevice);

        Assert.Equal(0UL, mapping.Segments[0].DeviceAddress % (1 << 20));
        var placement = buffer.Placement!;
        Assert.Equal(1L << 20, placement.Alignment);
        Assert.Equal(1, placement.MaxSegments);
        Assert.Equal(0xFFFF_FFFFUL, placement.AddressLimit);
        Assert.Equal(4L << 20, placement.Size);
        mapping.Unmap();
        attachment.Detach();
        buffer.Put();
    }

    [Fact]
    public void A_size_fixed_at_export_that_is_not_a_multiple_of_the_merged_alignment_is_kept()
    {
        var exporter = new DeviceDescription("gpu0", hasIommu: true, addressBits: 48);
        var isp = new DeviceDescription("isp0", addressBits: 32, maxSegments: 1, alignment: 1 << 20);
        var buffer = ExportDeferred(exporter, (4 << 20) + 4096);
        var attachment = buffer.Attach(isp);

        var mapping = attachment.Map(DmaDirection.ToDevice);

        Assert.Equal((4L << 20) + 4096, buffer.Placement!.Size);
        Assert.Equal(1L << 20, buffer.Placement.Alignment);
        Assert.Equal(0UL, mapping.Segments[0].DeviceAddress % (1 << 20));
        mapping.Unmap();
        attachment.Detach();
        buffer.Put();
    }
}
