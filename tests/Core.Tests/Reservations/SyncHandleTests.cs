using PluggableDmaBuf.Core.Reservations;
using PluggableDmaBuf.Core.Tests.Fences;

namespace PluggableDmaBuf.Core.Tests.Reservations;

/// <summary>Explicit sync: fences taken out of one reservation as a standalone handle and put into another.</summary>
public sealed class SyncHandleTests
{
    [Fact]
    public void An_exported_snapshot_signals_when_every_fence_taken_has()
    {
        var reservation = new DmaReservation();
        var gpu = FenceTestKit.Timeline("gpu0");
        var display = FenceTestKit.Timeline("display0");
        reservation.Add(gpu.CreateFence(), FenceUsage.Write);
        reservation.Add(display.CreateFence(), FenceUsage.Read);

        var handle = reservation.ExportSyncHandle(FenceUsage.Read);

        gpu.Advance();
        Assert.False(handle.IsSignaled);
        display.Advance();
        Assert.True(handle.IsSignaled);
    }

    [Fact]
    public void An_export_takes_only_the_level_asked_and_lower()
    {
        var reservation = new DmaReservation();
        var gpu = FenceTestKit.Timeline("gpu0");
        var display = FenceTestKit.Timeline("display0");
        var write = gpu.CreateFence();
        reservation.Add(write, FenceUsage.Write);
        reservation.Add(display.CreateFence(), FenceUsage.Read);

        var handle = reservation.ExportSyncHandle(FenceUsage.Write);

        Assert.Same(write, handle.Fence);
    }

    [Fact]
    public void An_export_is_a_snapshot_fences_added_later_are_not_in_it()
    {
        var reservation = new DmaReservation();
        var gpu = FenceTestKit.Timeline("gpu0");
        reservation.Add(gpu.CreateFence(), FenceUsage.Write);
        var handle = reservation.ExportSyncHandle(FenceUsage.Write);

        reservation.Add(FenceTestKit.Timeline("video0").CreateFence(), FenceUsage.Write);
        gpu.Advance();

        Assert.True(handle.IsSignaled);
    }

    [Fact]
    public void Exporting_an_idle_reservation_gives_a_signalled_handle() =>
        Assert.True(new DmaReservation().ExportSyncHandle(FenceUsage.Bookkeep).IsSignaled);

    [Fact]
    public void An_imported_handle_holds_up_the_other_buffers_cpu_access()
    {
        var source = new DmaReservation();
        var target = new DmaReservation();
        var gpu = FenceTestKit.Timeline("gpu0");
        var video = FenceTestKit.Timeline("video0");
        source.Add(gpu.CreateFence(), FenceUsage.Write);
        source.Add(video.CreateFence(), FenceUsage.Write);

        target.ImportSyncHandle(source.ExportSyncHandle(FenceUsage.Write), FenceUsage.Write);

        var thrown = Assert.Throws<FenceTimeoutException>(() => target.WaitForCpuRead(TimeSpan.FromMilliseconds(20)));
        Assert.Equal("gpu0", thrown.TimelineName);
        gpu.Advance();
        video.Advance();
        target.WaitForCpuRead(TimeSpan.Zero);
    }

    [Fact]
    public void A_single_fence_can_be_passed_as_a_handle_and_carries_its_error()
    {
        var gpu = FenceTestKit.Timeline("gpu0");
        var fence = gpu.CreateFence();
        var handle = new SyncHandle(fence);
        var error = new IOException("device lost");

        gpu.Signal(fence, error);

        Assert.Same(error, Assert.Throws<FenceErrorException>(() => handle.Fence.Wait()).InnerException);
        Assert.Equal("sync handle for gpu0#1 (failed)", handle.ToString());
    }

    [Fact]
    public void An_exported_snapshot_carries_the_first_error()
    {
        var reservation = new DmaReservation();
        var gpu = FenceTestKit.Timeline("gpu0");
        var video = FenceTestKit.Timeline("video0");
        var capture = video.CreateFence();
        reservation.Add(gpu.CreateFence(), FenceUsage.Write);
        reservation.Add(capture, FenceUsage.Write);
        var handle = reservation.ExportSyncHandle(FenceUsage.Write);
        var error = new IOException("capture failed");

        video.Signal(capture, error);
        gpu.Advance();

        Assert.Same(error, handle.Fence.Error);
    }

    [Fact]
    public void A_handle_needs_a_fence() =>
        Assert.Throws<ArgumentNullException>(() => new SyncHandle(null!));
}
