using PluggableDmaBuf.Core.Memory;
using static PluggableDmaBuf.Core.Tests.Negotiation.Devices;

namespace PluggableDmaBuf.Core.Tests.Negotiation;

public sealed class SegmentLimitTests
{
    [Fact]
    public void Iommu_devices_impose_no_segment_limit()
    {
        var iommu = new DeviceDescription("gpu", hasIommu: true, maxSegments: 1, maxSegmentSize: 4096);

        var placement = Negotiate(BufferRequest.ForSize(1 << 20), iommu).GetPlacementOrThrow();

        Assert.Null(placement.MaxSegments);
        Assert.Null(placement.MaxSegmentSize);
        Assert.Equal("system", placement.Heap.Name);
    }

    [Fact]
    public void The_limit_is_the_minimum_over_devices_without_iommu()
    {
        var a = new DeviceDescription("a", maxSegments: 4096, maxSegmentSize: 1 << 20);
        var b = new DeviceDescription("b", maxSegments: 300, maxSegmentSize: 1 << 16);
        var c = new DeviceDescription("c", hasIommu: true, maxSegments: 1);

        var placement = Negotiate(BufferRequest.ForSize(1 << 20), a, b, c).GetPlacementOrThrow();

        Assert.Equal(300, placement.MaxSegments);
        Assert.Equal(1 << 16, placement.MaxSegmentSize);
    }

    [Theory]
    [InlineData(256, 256, "system")]     // 256 pages fit 256 segments: scattered system memory serves
    [InlineData(256, 255, "cma")]        // one page too many: only a contiguous heap serves
    [InlineData(1, 1, "system")]         // one page is one segment anywhere
    [InlineData(2, 1, "cma")]
    public void A_scattered_heap_serves_n_pages_only_for_n_segments(int pages, int maxSegments, string heap)
    {
        var device = new DeviceDescription("dev", maxSegments: maxSegments);

        var placement = Negotiate(BufferRequest.ForSize(pages * 4096L), device).GetPlacementOrThrow();

        Assert.Equal(heap, placement.Heap.Name);
    }

    [Fact]
    public void A_contiguous_heap_split_by_the_segment_size_limit_must_still_fit_the_segment_count()
    {
        // 8 MiB in cma at most 1 MiB a segment needs 8 segments; the device takes 4.
        var device = new DeviceDescription("dev", maxSegments: 4, maxSegmentSize: 1 << 20);

        var result = Negotiate(BufferRequest.ForSize(8 << 20), device);

        Assert.False(result.Succeeded);
        Assert.Equal(ConstraintKind.Segments, result.Conflict.Constraint);
        Assert.Equal(["dev"], result.Conflict.Devices);
    }

    [Fact]
    public void Every_reachable_heap_breaking_the_segment_limit_is_a_segments_conflict()
    {
        var map = new MemoryMap([MemoryMap.SystemDefault.Find("system")!]);
        var device = new DeviceDescription("display0", maxSegments: 1);

        var result = Negotiate(map, BufferRequest.ForSize(2 * 4096), device);

        Assert.Equal(ConstraintKind.Segments, result.Conflict!.Constraint);
        Assert.Equal(["display0"], result.Conflict.Devices);
        Assert.Contains("display0 needs 1 segment", result.Conflict.Message, StringComparison.Ordinal);
        Assert.Contains("system gives scattered pages (2 segments)", result.Conflict.Message, StringComparison.Ordinal);
    }
}
