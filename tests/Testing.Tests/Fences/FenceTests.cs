using PluggableDmaBuf.Testing.Fences;

namespace PluggableDmaBuf.Testing.Tests.Fences;

public sealed class FenceTests
{
    private readonly FakeFenceService _fences = new();

    [Fact]
    public void A_timeline_signals_in_order_and_each_fence_once()
    {
        var timeline = _fences.CreateTimeline("t");
        var first = timeline.CreateFence();
        var second = timeline.CreateFence();
        Assert.True(timeline.Signal(second, new InvalidOperationException("boom")));
        Assert.True(first.IsSignaled);
        Assert.Null(first.Error);
        Assert.False(timeline.Signal(second));
        Assert.Throws<FenceErrorException>(() => second.Wait());
        Assert.Equal(2UL, timeline.Signaled);
        Assert.Throws<ArgumentOutOfRangeException>(() => timeline.Advance());
    }

    [Fact]
    public void A_wait_for_a_pending_fence_times_out_naming_it()
    {
        var fence = _fences.CreateTimeline("slow").CreateFence();
        Assert.False(fence.TryWait(TimeSpan.FromMilliseconds(20)));
        var error = Assert.Throws<FenceTimeoutException>(() => fence.Wait(TimeSpan.FromMilliseconds(20)));
        Assert.Contains("slow", error.Message);
    }

    [Fact]
    public async Task A_merged_fence_signals_after_all_its_parts_with_the_first_error()
    {
        var a = _fences.CreateTimeline("a");
        var b = _fences.CreateTimeline("b");
        var (fa, fb) = (a.CreateFence(), b.CreateFence());
        var merged = _fences.Merge(fa, fb);
        var wait = merged.TryWaitAsync(TimeSpan.FromSeconds(10));
        a.Signal(fa, new TimeoutException("late"));
        Assert.False(merged.IsSignaled);
        b.Signal(fb);
        Assert.True(await wait);
        Assert.IsType<TimeoutException>(merged.Error);
        Assert.Same(_fences.SignaledFence, _fences.Merge());
    }

    [Fact]
    public void A_reservation_query_returns_the_stricter_levels_and_prunes_signalled_fences()
    {
        var factory = new PluggableDmaBuf.Testing.Buffers.FakeDmaBufFactory(fences: _fences);
        var buffer = factory.Export(BufferRequest.ForSize(4096), new DeviceDescription("d"));
        var timeline = _fences.CreateTimeline("w");
        var (write, read) = (timeline.CreateFence(), _fences.CreateTimeline("r").CreateFence());
        buffer.Reservation.Add(write, FenceUsage.Write);
        buffer.Reservation.Add(read, FenceUsage.Read);
        var found = new List<IDmaFence>();
        Assert.Equal(1, buffer.Reservation.GetFences(FenceUsage.Write, found));
        Assert.False(buffer.Reservation.IsSignaled(FenceUsage.Read));
        timeline.Signal(write);
        Assert.True(buffer.Reservation.IsSignaled(FenceUsage.Write));
        Assert.Throws<FenceTimeoutException>(() => buffer.Reservation.Wait(FenceUsage.Read, TimeSpan.FromMilliseconds(20)));
        buffer.Put();
    }
}
