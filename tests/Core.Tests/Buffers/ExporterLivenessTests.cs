using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>Invariant 2: the core says how many buffers each exporter still has alive, so that its plugin is not unloaded under them.</summary>
public sealed class ExporterLivenessTests : LeakCheckedTest
{
    [Fact]
    public void Live_buffers_are_counted_per_exporter_until_the_last_reference_goes()
    {
        var video = TestDevices.Video();
        var first = ExportDeferred(video);
        var second = ExportDeferred(video);
        var other = ExportDeferred(TestDevices.Gpu());

        Assert.Equal(2, Core.LiveBufferCount("video0"));
        Assert.Equal(1, Core.LiveBufferCount("gpu0"));
        Assert.Equal(0, Core.LiveBufferCount("display0"));

        first.Put();
        Assert.Equal(1, Core.LiveBufferCount("video0"));

        // An importer still attached keeps the buffer (and so its exporter's plugin) alive.
        var attachment = second.Attach(TestDevices.Gpu());
        second.Put();
        Assert.False(second.IsReleased);
        Assert.Equal(1, Core.LiveBufferCount("video0"));

        attachment.Detach();
        Assert.True(second.IsReleased);
        Assert.Equal(0, Core.LiveBufferCount("video0"));
        other.Put();
    }

    [Fact]
    public void A_heap_allocation_is_exported_by_its_heap()
    {
        var buffer = AllocateFor(1 << 20, TestDevices.Display());

        Assert.Equal("cma", buffer.Exporter);
        Assert.Equal(1, Core.LiveBufferCount("cma"));
        buffer.Put();
        Assert.Equal(0, Core.LiveBufferCount("cma"));
    }
}
