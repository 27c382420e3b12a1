using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>Invariant 5, refusal: never a silent success — the error names the device, the violated constraint and the placement.</summary>
public sealed class LateAttachRefusalTests() : LeakCheckedTest(new DmaBufCoreOptions { Strict = true, LateAttach = LateAttachPolicy.Refuse })
{
    [Fact]
    public void With_the_refuse_policy_an_unreachable_late_attach_is_refused_naming_device_constraint_and_placement()
    {
        var buffer = ExportDeferred(TestDevices.Video(), 4 << 20, "frame");
        var gpu = buffer.Attach(TestDevices.Gpu());
        gpu.Map(DmaDirection.ToDevice).Unmap();

        var error = Assert.Throws<BufferPlacementConflictException>(() => buffer.Attach(TestDevices.Display()));

        Assert.Equal(ConstraintKind.Segments, error.Conflict.Constraint);
        Assert.Equal(["display0"], error.Conflict.Devices);
        Assert.StartsWith("display0 cannot attach to buffer #1 'frame' (placed in system (4 MiB in 1 run from 0x", error.Message);
        Assert.Contains("needs at most 1 segment without IOMMU and system gives 1024 scattered pages", error.Message);
        Assert.Contains("refuses to migrate", error.Message);
        Assert.Equal("system", buffer.Placement!.Heap.Name);
        Assert.Equal(2, buffer.ReferenceCount);
        gpu.Detach();
        buffer.Put();
    }

    [Fact]
    public void A_device_that_does_not_reach_the_heap_is_refused_with_the_heap_constraint()
    {
        var buffer = AllocateFor(1 << 20, TestDevices.Gpu(), TestDevices.Video());

        var error = Assert.Throws<BufferPlacementConflictException>(() => buffer.Attach(TestDevices.VramPeer()));

        Assert.Equal(ConstraintKind.Heap, error.Conflict.Constraint);
        Assert.Contains("npu0", error.Message);
        Assert.Contains("does not reach heap system", error.Message);
        buffer.Put();
    }

    [Fact]
    public void Even_when_migrating_is_allowed_a_late_attach_no_heap_can_serve_is_refused()
    {
        using var scope = new CoreScope(new DmaBufCoreOptions { Strict = true });
        var buffer = scope.Core.Export(BufferRequest.ForSize(1 << 20, "video0"), TestDevices.Video());
        var gpu = buffer.Attach(TestDevices.Gpu());
        gpu.Map(DmaDirection.ToDevice).Unmap();

        var error = Assert.Throws<BufferPlacementConflictException>(() => buffer.Attach(TestDevices.VramPeer()));

        Assert.Contains("npu0 cannot attach", error.Message);
        Assert.Contains("it cannot migrate", error.Message);
        Assert.Equal(0, scope.Core.Accounting.Migrations);
        gpu.Detach();
        buffer.Put();
    }

    [Fact]
    public void A_device_whose_pitch_alignment_the_fixed_layout_breaks_is_refused_with_the_layout_constraint()
    {
        var buffer = Core.Export(BufferRequest.ForImage(100, 16, [PixelFormat.XR24], "video0"), TestDevices.Video());

        var error = Assert.Throws<BufferPlacementConflictException>(() => buffer.Attach(TestDevices.Display()));

        Assert.Equal(ConstraintKind.Layout, error.Conflict.Constraint);
        Assert.Contains("pitch alignment 256 does not divide plane 0's pitch 400", error.Message);
        buffer.Put();
    }

    [Fact]
    public void A_device_that_does_not_take_the_format_is_refused_with_the_format_constraint()
    {
        var buffer = Core.Export(BufferRequest.ForImage(64, 64, [PixelFormat.NV12], "video0"), TestDevices.Video());

        var scaler = new DeviceDescription("scaler0", formats: [new FormatSupport(PixelFormat.XR24)]);

        var error = Assert.Throws<BufferPlacementConflictException>(() => buffer.Attach(scaler));

        Assert.Equal(ConstraintKind.Format, error.Conflict.Constraint);
        buffer.Put();
    }
}
