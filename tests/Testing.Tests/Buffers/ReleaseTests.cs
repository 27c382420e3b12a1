using PluggableDmaBuf.Testing.Buffers;

namespace PluggableDmaBuf.Testing.Tests.Buffers;

public sealed class ReleaseTests
{
    private readonly FakeDmaBufFactory _factory = new();

    [Fact]
    public void Release_runs_once_after_the_last_reference_and_everything_fails_clearly_afterwards()
    {
        var exporter = new CountingExporter();
        var buffer = _factory.Export(BufferRequest.ForSize(10_000), Devices.Gpu, exporter: exporter);
        var attachment = buffer.Attach(Devices.Gpu);
        buffer.Put();
        Assert.Equal(0, exporter.Releases);
        attachment.Detach();
        Assert.Equal(1, exporter.Releases);
        Assert.True(buffer.IsReleased);
        Assert.Throws<BufferReleasedException>(buffer.Put);
        Assert.Throws<BufferReleasedException>(buffer.Get);
        Assert.Throws<BufferReleasedException>(() => buffer.Attach(Devices.Gpu));
        Assert.Throws<BufferReleasedException>(() => buffer.BeginCpuAccess(CpuAccessMode.Read));
        Assert.Throws<BufferReleasedException>(() => buffer.Vmap());
        Assert.Equal(1, exporter.Releases);
        _factory.AssertNoLeaks();
    }

    [Fact]
    public void An_exporter_without_the_required_callbacks_is_refused_at_export()
    {
        var exporter = new PartialExporter();
        var error = Assert.Throws<ExporterContractException>(() => _factory.Export(BufferRequest.ForSize(4096), Devices.Gpu, exporter: exporter));
        Assert.Contains("partial", error.Message);
    }

    [Fact]
    public void Leaks_name_the_buffer_and_what_holds_it()
    {
        var buffer = _factory.Export(BufferRequest.ForSize(4096), Devices.Gpu, name: "kept");
        buffer.Attach(Devices.Gpu);
        var leak = Assert.Single(_factory.FindLeaks());
        Assert.Contains("kept", leak);
        Assert.Contains("attached to gpu0", leak);
        Assert.ThrowsAny<Exception>(_factory.AssertNoLeaks);
    }

    private sealed class CountingExporter() : DmaBufExporter("counting")
    {
        public int Releases;

        public override void Map(DmaBufMapping mapping)
        {
        }

        public override void Unmap(DmaBufMapping mapping)
        {
        }

        public override void Release(IDmaBuf buffer) => Releases++;
    }

    private sealed class PartialExporter() : DmaBufExporter("partial")
    {
        public override DmaBufOperations Operations => DmaBufOperations.Map | DmaBufOperations.Unmap;

        public override void Map(DmaBufMapping mapping)
        {
        }

        public override void Unmap(DmaBufMapping mapping)
        {
        }

        public override void Release(IDmaBuf buffer)
        {
        }
    }
}
