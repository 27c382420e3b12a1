using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Fences;
using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>Invariant 10: CPU access sits between begin and end; begin waits through the reservation seam; a view used after end fails.</summary>
public sealed class CpuAccessTests : LeakCheckedTest
{
    [Theory]
    [InlineData(CpuAccessMode.Read, FenceUsage.Write)]
    [InlineData(CpuAccessMode.Write, FenceUsage.Write)]
    [InlineData(CpuAccessMode.Write, FenceUsage.Read)]
    [InlineData(CpuAccessMode.ReadWrite, FenceUsage.Read)]
    public async Task Begin_waits_for_the_fences_its_mode_needs_before_the_exporter_is_told(CpuAccessMode mode, FenceUsage pending)
    {
        var timeline = FenceService.Instance.CreateTimeline("gpu0:render");
        var fence = timeline.CreateFence();
        var signalledAtBegin = false;
        var exporter = new RecordingExporter { OnBeginCpuAccess = () => signalledAtBegin = fence.IsSignaled };
        var buffer = ExportDeferred(TestDevices.Video(), callbacks: exporter);
        buffer.Reservation.Add(fence, pending);

        var access = Task.Run(() => buffer.BeginCpuAccess(mode));
        timeline.Signal(fence);
        (await access).Dispose();

        Assert.True(signalledAtBegin, "CPU access began before the fence it must wait for signalled");
        Assert.Equal([$"begin {mode}", $"end {mode}"], exporter.Calls);
        buffer.Put();
    }

    [Fact]
    public void Reading_does_not_wait_for_other_readers()
    {
        var timeline = FenceService.Instance.CreateTimeline("display0:scanout");
        var buffer = ExportDeferred(TestDevices.Video());
        buffer.Reservation.Add(timeline.CreateFence(), FenceUsage.Read);

        using (buffer.BeginCpuAccess(CpuAccessMode.Read))
        {
            Assert.Equal(2, buffer.ReferenceCount);
        }

        timeline.Advance();
        buffer.Put();
    }

    [Fact]
    public void A_fence_that_never_signals_fails_begin_naming_its_timeline_without_telling_the_exporter()
    {
        var strict = new DmaBufCore(PluggableDmaBuf.Core.Memory.MemoryMap.SystemDefault, new DmaBufCoreOptions { FenceTimeout = TimeSpan.FromMilliseconds(50) });
        var timeline = FenceService.Instance.CreateTimeline("video0:capture");
        var exporter = new RecordingExporter();
        var buffer = strict.Export(BufferRequest.ForSize(8192), TestDevices.Video(), "stuck", exporter);
        buffer.Reservation.Add(timeline.CreateFence(), FenceUsage.Write);

        var error = Assert.Throws<FenceTimeoutException>(() => buffer.BeginCpuAccess(CpuAccessMode.Write));

        Assert.Contains("video0:capture", error.Message, StringComparison.Ordinal);
        Assert.Empty(exporter.Calls);
        Assert.Equal(1, buffer.ReferenceCount);
        timeline.Advance();
        buffer.Put();
        AssertNoLeaks(strict);
    }

    [Fact]
    public void In_strict_mode_a_memory_view_used_after_end_fails()
    {
        var buffer = ExportDeferred(TestDevices.Video(), 8192);
        var access = buffer.BeginCpuAccess(CpuAccessMode.Write);
        var memory = access.Memory;
        var slice = access.GetMemory(4096, 16);
        memory.Span[0] = 1;

        access.End();

        Assert.False(access.IsActive);
        Assert.Throws<CpuAccessException>(() => memory.Span.Length);
        Assert.Throws<CpuAccessException>(() => slice.Span.Length);
        Assert.Throws<CpuAccessException>(() => memory.Pin());
        Assert.Throws<CpuAccessException>(() => access.Span.Length);
        Assert.Throws<CpuAccessException>(() => access.ReadOnlySpan.Length);
        Assert.Throws<CpuAccessException>(() => access.GetSpan(0, 1).Length);
        Assert.Throws<CpuAccessException>(access.End);
        access.Dispose();
        buffer.Put();
    }

    [Fact]
    public void In_strict_mode_a_read_access_refuses_writable_spans()
    {
        var buffer = ExportDeferred(TestDevices.Video(), 4096);
        using (var access = buffer.BeginCpuAccess(CpuAccessMode.Read))
        {
            Assert.Equal(4096, access.ReadOnlySpan.Length);
            var error = Assert.Throws<CpuAccessException>(() => access.Span.Length);
            Assert.Contains("read-only", error.Message);
        }

        buffer.Put();
    }

    [Fact]
    public void Without_strict_mode_the_scope_still_refuses_views_after_end_but_memory_is_unchecked()
    {
        using var scope = new CoreScope(new DmaBufCoreOptions { Strict = false });
        var buffer = scope.Core.Export(BufferRequest.ForSize(4096), TestDevices.Video());
        var access = buffer.BeginCpuAccess(CpuAccessMode.Read);
        var memory = access.Memory;
        Assert.Equal(4096, access.Span.Length);

        access.End();

        Assert.Throws<CpuAccessException>(() => access.Span.Length);
        Assert.Equal(4096, memory.Length);
        buffer.Put();
    }

    [Fact]
    public void CPU_writes_are_what_a_device_mapping_reads_without_a_copy()
    {
        var buffer = ExportDeferred(TestDevices.Video(), 64 << 10);
        var gpu = buffer.Attach(TestDevices.Gpu());
        WritePattern(buffer, 42);

        var mapping = gpu.Map(DmaDirection.ToDevice);

        using (var access = buffer.BeginCpuAccess(CpuAccessMode.Read))
        {
            Assert.True(mapping.Segment(0).SequenceEqual(access.ReadOnlySpan));
            Assert.True(mapping.Segment(0).Overlaps(access.ReadOnlySpan));
        }

        Assert.Equal(0, Core.Accounting.BytesCopied);
        mapping.Unmap();
        gpu.Detach();
        buffer.Put();
    }
}
