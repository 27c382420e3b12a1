using static PluggableDmaBuf.Core.Tests.Negotiation.Devices;

namespace PluggableDmaBuf.Core.Tests.Negotiation;

public sealed class AlignmentTests
{
    [Theory]
    [InlineData(new long[] { 1 }, 4096)]
    [InlineData(new long[] { 4096 }, 4096)]
    [InlineData(new long[] { 256, 1024 }, 4096)]
    [InlineData(new long[] { 65536, 4096 }, 65536)]
    [InlineData(new long[] { 8192, 65536, 16384 }, 65536)]
    [InlineData(new long[] { 1 << 21, 4096 }, 1 << 21)]
    public void Alignment_is_the_lcm_of_every_alignment_and_the_page(long[] alignments, long expected)
    {
        var devices = alignments.Select((a, i) => new DeviceDescription($"d{i}", hasIommu: true, alignment: a)).ToArray();

        var placement = Negotiate(BufferRequest.ForSize(1), devices).GetPlacementOrThrow();

        Assert.Equal(expected, placement.Alignment);
        Assert.Equal(expected, placement.Size);
    }

    [Theory]
    [InlineData(1, 4096)]
    [InlineData(4096, 4096)]
    [InlineData(4097, 8192)]
    [InlineData(10_000_000, 10_002_432)]
    public void A_size_request_is_rounded_up_to_the_alignment(long size, long expected)
    {
        var placement = Negotiate(BufferRequest.ForSize(size), new DeviceDescription("d", hasIommu: true)).GetPlacementOrThrow();

        Assert.Equal(expected, placement.Size);
        Assert.Null(placement.Format);
        Assert.Null(placement.Modifier);
        Assert.Empty(placement.Planes);
    }
}
