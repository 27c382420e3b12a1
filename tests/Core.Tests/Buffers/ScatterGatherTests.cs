using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>Mappings yield page-aligned SG tables that obey each device's limits, as the device sees the buffer.</summary>
public sealed class ScatterGatherTests : LeakCheckedTest
{
    [Fact]
    public void An_IOMMU_device_sees_one_aligned_IO_virtual_range_below_its_limit()
    {
        var buffer = ExportDeferred(TestDevices.Video(), 3 << 20);
        var gpu = buffer.Attach(TestDevices.Gpu());

        var mapping = gpu.Map(DmaDirection.ToDevice);

        var segment = Assert.Single(mapping.Segments);
        Assert.Equal(0, segment.Offset);
        Assert.Equal(3 << 20, segment.Length);
        Assert.Equal(0UL, segment.DeviceAddress % 65536);
        Assert.True(segment.DeviceAddress + (ulong)segment.Length - 1 <= (1UL << 48) - 1);
        Assert.Equal(1, Core.IovaFor(TestDevices.Gpu()).LiveRanges);
        mapping.Unmap();
        Assert.Equal(0, Core.IovaFor(TestDevices.Gpu()).LiveRanges);
        gpu.Detach();
        buffer.Put();
    }

    [Fact]
    public void A_device_without_IOMMU_sees_the_physical_runs_of_a_fragmented_heap()
    {
        // Fragment system: 16 single pages, every other one freed.
        var video = TestDevices.Video();
        var singles = Enumerable.Range(0, 16).Select(_ => AllocateFor(4096, video)).ToList();
        for (var i = 0; i < 16; i += 2)
        {
            singles[i].Put();
        }

        var buffer = AllocateFor(12 * 4096, video);
        var attachment = buffer.Attach(video);

        var mapping = attachment.Map(DmaDirection.ToDevice);

        Assert.Equal("system", buffer.Placement!.Heap.Name);
        Assert.Equal(9, mapping.Segments.Count); // 8 single-page holes, then one run of 4 pages
        Assert.Equal(Enumerable.Repeat(4096L, 8).Append(4 * 4096), mapping.Segments.Select(s => s.Length));
        Assert.Equal(mapping.Segments.Select(s => s.Offset), mapping.Segments.Select((s, i) => i < 8 ? i * 4096L : 8 * 4096L));
        Assert.All(mapping.Segments, s => Assert.Equal(0UL, s.DeviceAddress % 4096));
        Assert.Equal(9, Core.Accounting.Snapshot().Single(b => b.Id == buffer.Id).Segments);
        mapping.Unmap();
        attachment.Detach();
        buffer.Put();
        for (var i = 1; i < 16; i += 2)
        {
            singles[i].Put();
        }
    }

    [Fact]
    public void Segments_are_split_at_the_devices_segment_size_limit_and_stay_within_its_mask()
    {
        var device = new DeviceDescription("isp0", addressBits: 32, maxSegments: 4, maxSegmentSize: 1 << 20);
        var buffer = AllocateFor(3 << 20, device);
        var attachment = buffer.Attach(device);

        var mapping = attachment.Map(DmaDirection.FromDevice);

        Assert.Equal("cma", buffer.Placement!.Heap.Name);
        Assert.Equal(3, mapping.Segments.Count);
        Assert.All(mapping.Segments, s => Assert.Equal(1 << 20, s.Length));
        Assert.Equal([0L, 1L << 20, 2L << 20], mapping.Segments.Select(s => s.Offset));
        Assert.All(mapping.Segments, s => Assert.True(s.DeviceAddress + (ulong)s.Length - 1 <= 0xFFFF_FFFF));
        Assert.Equal(mapping.Segments[0].DeviceAddress + (1UL << 20), mapping.Segments[1].DeviceAddress);
        mapping.Segment(2)[5] = 8;
        mapping.Unmap();
        using (var access = buffer.BeginCpuAccess(CpuAccessMode.Read))
        {
            Assert.Equal(8, access.ReadOnlySpan[(2 << 20) + 5]);
        }

        attachment.Detach();
        buffer.Put();
    }
}
