using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Negotiation;

namespace PluggableDmaBuf.Core.Tests.Negotiation;

/// <summary>The one reachability rule, verdict by verdict, with the words a conflict gives each.</summary>
public sealed class ReachabilityTests
{
    private static readonly MemoryMap s_map = MemoryMap.NegotiateDefault;
    private static readonly HeapDescription s_system = s_map.Find("system")!;
    private static readonly HeapDescription s_cma = s_map.Find("cma")!;
    private static readonly HeapDescription s_vram = s_map.Find("gpu0-vram")!;

    private static Reach Evaluate(DeviceDescription device, HeapDescription heap, long size, long alignment = 4096, bool bounce = false) =>
        Reachability.Evaluate(device, PlacementShape.Prospective(heap, size, alignment), bounce ? (_, _) => true : null);

    private static string Need(DeviceDescription device, HeapDescription heap, long size, Reach reach, bool bounceBuffers = true) =>
        ConflictFormatter.Need(device, reach, PlacementShape.Prospective(heap, size, 4096), bounceBuffers);

    [Fact]
    public void A_device_behind_an_iommu_reaches_any_heap_it_lists_directly()
    {
        var gpu = new DeviceDescription("gpu0", hasIommu: true, addressBits: 32, maxSegments: 1, heaps: ["system", "gpu0-vram"]);

        Assert.Equal(Reach.Direct, Evaluate(gpu, s_system, 64 << 20));
        Assert.Equal(Reach.Direct, Evaluate(gpu, s_vram, 64 << 20));
    }

    [Fact]
    public void A_heap_the_device_does_not_list_is_unreachable()
    {
        var display = new DeviceDescription("display0", addressBits: 32, maxSegments: 1);

        var reach = Evaluate(display, s_vram, 1 << 20);

        Assert.Equal(ReachKind.Unreachable, reach.Kind);
        Assert.Equal(ConstraintKind.Heap, reach.Constraint);
        Assert.Equal("it does not reach heap gpu0-vram", Need(display, s_vram, 1 << 20, reach));
    }

    [Fact]
    public void An_io_virtual_space_smaller_than_the_buffer_is_unreachable()
    {
        var small = new DeviceDescription("npu0", hasIommu: true, addressBits: 24);

        var reach = Evaluate(small, s_system, 32 << 20);

        Assert.Equal(ReachKind.Unreachable, reach.Kind);
        Assert.Equal(ReachReason.IoVirtualSpaceTooSmall, reach.Reason);
        Assert.Equal(ConstraintKind.Address, reach.Constraint);
        Assert.Equal("its 24-bit IO-virtual space cannot hold 32 MiB", Need(small, s_system, 32 << 20, reach));
    }

    [Fact]
    public void Scattered_pages_count_one_segment_each_and_a_contiguous_heap_splits_at_the_segment_size()
    {
        var display = new DeviceDescription("display0", addressBits: 64, maxSegments: 4, maxSegmentSize: 1 << 20);

        var scattered = Evaluate(display, s_system, 8 << 20);
        var contiguous = Evaluate(display, s_cma, 8 << 20);

        Assert.Equal(new Reach(ReachKind.Unreachable, ReachReason.TooManySegments, 2048), scattered);
        Assert.Equal("it needs at most 4 segments without IOMMU and system gives 2048 scattered pages", Need(display, s_system, 8 << 20, scattered));
        Assert.Equal(new Reach(ReachKind.Unreachable, ReachReason.TooManySegments, 8), contiguous);
        Assert.Equal(ConstraintKind.Segments, contiguous.Constraint);
        Assert.Equal(Reach.Direct, Evaluate(display, s_cma, 4 << 20));
    }

    [Fact]
    public void A_start_off_the_device_alignment_is_unreachable()
    {
        var isp = new DeviceDescription("isp0", addressBits: 32, alignment: 1 << 20);

        var reach = Evaluate(isp, s_cma, 4 << 20, alignment: 4096);

        Assert.Equal(new Reach(ReachKind.Unreachable, ReachReason.Misaligned), reach);
        Assert.Equal("it needs the buffer to start at a multiple of 1048576", Need(isp, s_cma, 4 << 20, reach));
        Assert.Equal(Reach.Direct, Evaluate(isp, s_cma, 4 << 20, alignment: 1 << 20));
    }

    [Fact]
    public void A_mask_that_does_not_reach_the_heap_bounces_when_a_bounce_buffer_fits_and_is_unreachable_otherwise()
    {
        var dsp = new DeviceDescription("dsp0", addressBits: 32);

        var bounced = Evaluate(dsp, s_system, 1 << 20, bounce: true);
        var refused = Evaluate(dsp, s_system, 1 << 20, bounce: false);

        Assert.Equal(new Reach(ReachKind.Bounce, ReachReason.BeyondMask), bounced);
        Assert.Equal(new Reach(ReachKind.Unreachable, ReachReason.BeyondMask), refused);
        Assert.Equal(ConstraintKind.Address, refused.Constraint);
        Assert.Equal("it needs addresses below 4 GiB without IOMMU and no bounce buffer fits", Need(dsp, s_system, 1 << 20, refused));
        Assert.Equal("it needs addresses below 4 GiB without IOMMU and bounce buffering is off", Need(dsp, s_system, 1 << 20, refused, bounceBuffers: false));
    }

    [Fact]
    public void Every_rule_a_placement_fails_is_reported_and_the_first_one_is_named()
    {
        var display = new DeviceDescription("display0", addressBits: 32, maxSegments: 1);

        var reach = Evaluate(display, s_system, 1 << 20, bounce: true);

        Assert.Equal(ReachKind.Unreachable, reach.Kind);
        Assert.Equal(ReachReason.TooManySegments | ReachReason.BeyondMask, reach.Reasons);
        Assert.Equal(ReachReason.TooManySegments, reach.Reason);
        Assert.Equal(ConstraintKind.Segments, reach.Constraint);
    }
}
