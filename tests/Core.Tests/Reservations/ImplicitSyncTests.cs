using PluggableDmaBuf.Core.Reservations;
using PluggableDmaBuf.Core.Tests.Fences;

namespace PluggableDmaBuf.Core.Tests.Reservations;

/// <summary>Design §2 invariant 10, as the buffer core will call it from CPU access begin.</summary>
public sealed class ImplicitSyncTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(30);

    [Fact]
    public void Cpu_read_waits_for_writers_and_not_for_readers()
    {
        var reservation = new DmaReservation();
        var reader = FenceTestKit.Timeline("display0");
        reservation.Add(reader.CreateFence(), FenceUsage.Read);
        reservation.Add(FenceTestKit.Timeline("audit").CreateFence(), FenceUsage.Bookkeep);

        reservation.WaitForCpuRead(TimeSpan.Zero);

        var writer = FenceTestKit.Timeline("gpu0");
        reservation.Add(writer.CreateFence(), FenceUsage.Write);
        var thrown = Assert.Throws<FenceTimeoutException>(() => reservation.WaitForCpuRead(Short));
        Assert.Equal("gpu0", thrown.TimelineName);
    }

    [Fact]
    public void Cpu_write_waits_for_readers_and_writers_but_not_bookkeeping()
    {
        var reservation = new DmaReservation();
        reservation.Add(FenceTestKit.Timeline("audit").CreateFence(), FenceUsage.Bookkeep);
        reservation.WaitForCpuWrite(TimeSpan.Zero);

        var reader = FenceTestKit.Timeline("display0");
        reservation.Add(reader.CreateFence(), FenceUsage.Read);
        Assert.Equal("display0", Assert.Throws<FenceTimeoutException>(() => reservation.WaitForCpuWrite(Short)).TimelineName);

        reader.Advance();
        var writer = FenceTestKit.Timeline("gpu0");
        reservation.Add(writer.CreateFence(), FenceUsage.Write);
        Assert.Equal("gpu0", Assert.Throws<FenceTimeoutException>(() => reservation.WaitForCpuWrite(Short)).TimelineName);

        writer.Advance();
        reservation.WaitForCpuWrite(TimeSpan.Zero);
    }

    [Fact]
    public void Kernel_fences_hold_up_every_access()
    {
        var reservation = new DmaReservation();
        var migration = FenceTestKit.Timeline("migrate");
        reservation.Add(migration.CreateFence(), FenceUsage.Kernel);

        Assert.Throws<FenceTimeoutException>(() => reservation.WaitForCpuRead(TimeSpan.Zero));
        Assert.Throws<FenceTimeoutException>(() => reservation.WaitForCpuWrite(TimeSpan.Zero));
    }

    [Fact]
    public void A_cpu_read_blocked_on_a_writer_goes_on_when_the_writer_signals()
    {
        var reservation = new DmaReservation();
        var writer = FenceTestKit.Timeline("gpu0");
        var fence = writer.CreateFence();
        reservation.Add(fence, FenceUsage.Write);
        using var waiting = new ManualResetEventSlim();
        var read = false;
        var cpu = FenceTestKit.Start(() =>
        {
            waiting.Set();
            reservation.WaitForCpuRead(FenceTestKit.Patience);
            read = fence.IsSignaled;
        });
        Assert.True(waiting.Wait(FenceTestKit.Patience));

        writer.Signal(fence);

        Assert.True(cpu.Join(FenceTestKit.Patience));
        Assert.True(read);
    }

    [Fact]
    public async Task The_async_waits_follow_the_same_rules()
    {
        var reservation = new DmaReservation();
        var reader = FenceTestKit.Timeline("display0");
        var writer = FenceTestKit.Timeline("gpu0");
        reservation.Add(reader.CreateFence(), FenceUsage.Read);

        Assert.True(reservation.WaitForCpuReadAsync().IsCompletedSuccessfully);
        var write = reservation.WaitForCpuWriteAsync(FenceTestKit.Patience);
        Assert.False(write.IsCompleted);

        reservation.Add(writer.CreateFence(), FenceUsage.Write);
        var read = reservation.WaitForCpuReadAsync(FenceTestKit.Patience);
        reader.Advance();
        await write;
        Assert.False(read.IsCompleted);
        writer.Advance();
        await read;

        var stuck = FenceTestKit.Timeline("video0");
        reservation.Add(stuck.CreateFence(), FenceUsage.Write);
        var thrown = await Assert.ThrowsAsync<FenceTimeoutException>(() => reservation.WaitForCpuReadAsync(Short).AsTask());
        Assert.Equal("video0", thrown.TimelineName);
    }

    [Fact]
    public void The_timeout_covers_the_whole_wait_and_the_error_names_the_fence_still_pending()
    {
        var reservation = new DmaReservation();
        var gpu = FenceTestKit.Timeline("gpu0.convert");
        var video = FenceTestKit.Timeline("video0.capture");
        var first = gpu.CreateFence();
        reservation.Add(first, FenceUsage.Write);
        reservation.Add(video.CreateFence(), FenceUsage.Write);
        FenceTestKit.Start(() => gpu.Signal(first));

        var thrown = Assert.Throws<FenceTimeoutException>(() => reservation.WaitForCpuRead(TimeSpan.FromMilliseconds(50)));

        Assert.Equal("video0.capture", thrown.TimelineName);
        Assert.True(thrown.Waited >= TimeSpan.FromMilliseconds(50), $"waited {thrown.Waited}");
        Assert.Contains("video0.capture#1 (timeline 'video0.capture'", thrown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_wait_covers_the_fences_present_when_it_starts()
    {
        var reservation = new DmaReservation();
        var writer = FenceTestKit.Timeline("gpu0");
        var first = writer.CreateFence();
        reservation.Add(first, FenceUsage.Write);
        var wait = reservation.WaitForCpuReadAsync(FenceTestKit.Patience);

        reservation.Add(FenceTestKit.Timeline("video0").CreateFence(), FenceUsage.Write);
        writer.Signal(first);

        Assert.True(wait.IsCompletedSuccessfully);
    }

    [Fact]
    public void Reservation_waits_order_accesses_and_do_not_report_fence_errors()
    {
        var reservation = new DmaReservation();
        var writer = FenceTestKit.Timeline("gpu0");
        var fence = writer.CreateFence();
        reservation.Add(fence, FenceUsage.Write);
        var wait = reservation.WaitForCpuReadAsync(FenceTestKit.Patience);

        writer.Signal(fence, new IOException("device lost"));

        Assert.True(wait.IsCompletedSuccessfully);
        reservation.WaitForCpuRead();
        Assert.NotNull(fence.Error);
    }

    [Fact]
    public async Task Cancellation_ends_a_reservation_wait()
    {
        var reservation = new DmaReservation();
        reservation.Add(FenceTestKit.Timeline().CreateFence(), FenceUsage.Write);
        using var cancellation = new CancellationTokenSource();

        var wait = reservation.WaitForCpuReadAsync(FenceTestKit.Patience, cancellation.Token);
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.AsTask());
        Assert.Throws<OperationCanceledException>(() => reservation.WaitForCpuRead(FenceTestKit.Patience, cancellation.Token));
    }

    [Fact]
    public void Device_stages_use_the_same_waits_by_level()
    {
        var reservation = new DmaReservation();
        var reader = FenceTestKit.Timeline("display0");
        reservation.Add(reader.CreateFence(), FenceUsage.Read);

        reservation.Wait(FenceUsage.Write, TimeSpan.Zero);
        Assert.Throws<FenceTimeoutException>(() => reservation.Wait(FenceUsage.Read, TimeSpan.Zero));
        Assert.False(reservation.WaitAsync(FenceUsage.Read, FenceTestKit.Patience).IsCompleted);
        reader.Advance();
        Assert.True(reservation.WaitAsync(FenceUsage.Bookkeep).IsCompletedSuccessfully);
    }
}
