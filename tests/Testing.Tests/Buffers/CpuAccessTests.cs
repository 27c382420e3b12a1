using PluggableDmaBuf.Testing.Buffers;

namespace PluggableDmaBuf.Testing.Tests.Buffers;

public sealed class CpuAccessTests
{
    private readonly FakeDmaBufFactory _factory = new();

    [Fact]
    public void Views_fail_after_the_end_and_past_the_buffer()
    {
        var buffer = _factory.Export(BufferRequest.ForSize(4096), Devices.Gpu);
        var access = buffer.BeginCpuAccess(CpuAccessMode.ReadWrite);
        access.Span[0] = 7;
        var memory = access.Memory;
        Assert.Throws<CpuAccessException>(() => access.GetSpan(4000, 200));
        access.End();
        Assert.Throws<CpuAccessException>(() => access.ReadOnlySpan.Length);
        Assert.Throws<CpuAccessException>(() => memory.Span.Length);
        Assert.Throws<CpuAccessException>(access.End);
        access.Dispose();
        buffer.Put();
        _factory.AssertNoLeaks();
    }

    [Fact]
    public void A_read_access_refuses_a_writable_span_in_strict_mode()
    {
        var buffer = _factory.Export(BufferRequest.ForSize(4096), Devices.Gpu);
        using (var access = buffer.BeginCpuAccess(CpuAccessMode.Read))
        {
            Assert.Throws<CpuAccessException>(() => access.Span.Length);
            Assert.Equal(4096, access.ReadOnlySpan.Length);
        }

        buffer.Put();
    }

    [Fact]
    public async Task Begin_for_write_waits_for_a_readers_fence()
    {
        var buffer = _factory.Export(BufferRequest.ForSize(4096), Devices.Gpu);
        var timeline = _factory.Fences.CreateTimeline("reader");
        var fence = timeline.CreateFence();
        buffer.Reservation.Add(fence, FenceUsage.Read);
        using (buffer.BeginCpuAccess(CpuAccessMode.Read))
        {
            // Readers do not wait for readers.
        }

        var writer = Task.Run(() =>
        {
            using var access = buffer.BeginCpuAccess(CpuAccessMode.Write);
            return fence.IsSignaled;
        });
        await Task.Delay(100);
        Assert.False(writer.IsCompleted);
        timeline.Signal(fence);
        Assert.True(await writer.WaitAsync(TimeSpan.FromSeconds(10)));
        buffer.Put();
    }

    [Fact]
    public void Vmap_asks_the_exporter_on_the_first_and_the_last_only()
    {
        var exporter = new VmapCountingExporter();
        var buffer = _factory.Export(BufferRequest.ForSize(4096), Devices.Gpu, exporter: exporter);
        var first = buffer.Vmap();
        var second = buffer.Vmap();
        first.Dispose();
        first.Dispose();
        Assert.Equal((1, 0), (exporter.Vmaps, exporter.Vunmaps));
        Assert.Throws<CpuAccessException>(() => first.Span.Length);
        second.Dispose();
        Assert.Equal((1, 1), (exporter.Vmaps, exporter.Vunmaps));
        buffer.Put();
        _factory.AssertNoLeaks();
    }

    private sealed class VmapCountingExporter() : DmaBufExporter("vmaps")
    {
        public int Vmaps;
        public int Vunmaps;

        public override void Map(DmaBufMapping mapping)
        {
        }

        public override void Unmap(DmaBufMapping mapping)
        {
        }

        public override void Release(IDmaBuf buffer)
        {
        }

        public override void Vmap(IDmaBuf buffer) => Vmaps++;

        public override void Vunmap(IDmaBuf buffer) => Vunmaps++;
    }
}
