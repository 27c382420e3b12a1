using Moq;
using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>Invariant 9: vmap-style mappings are counted; the exporter is asked on 0→1 and 1→0 only.</summary>
public sealed class VmapCountTests : LeakCheckedTest
{
    [Fact]
    public void The_exporter_sees_only_the_first_vmap_and_the_last_vunmap()
    {
        var exporter = new Mock<DmaBufExporter>("mock") { CallBase = true };
        var buffer = ExportDeferred(TestDevices.Video(), callbacks: exporter.Object);

        var first = buffer.Vmap();
        var second = buffer.Vmap();
        var third = buffer.Vmap();
        exporter.Verify(e => e.Vmap(buffer), Times.Once);

        second.Dispose();
        first.Dispose();
        exporter.Verify(e => e.Vunmap(It.IsAny<IDmaBuf>()), Times.Never);
        third.Dispose();
        third.Dispose();
        exporter.Verify(e => e.Vunmap(buffer), Times.Once);

        using (buffer.Vmap())
        {
            exporter.Verify(e => e.Vmap(buffer), Times.Exactly(2));
        }

        exporter.Verify(e => e.Vunmap(buffer), Times.Exactly(2));
        buffer.Put();
    }

    [Fact]
    public void Every_vmap_sees_the_same_bytes_and_an_unmapped_view_fails()
    {
        var buffer = ExportDeferred(TestDevices.Video(), 8192);
        var first = buffer.Vmap();
        var second = buffer.Vmap();

        first.Span[100] = 77;

        Assert.Equal(77, second.Span[100]);
        var memory = first.Memory;
        first.Dispose();
        Assert.False(first.IsMapped);
        Assert.Throws<CpuAccessException>(() => first.Span.Length);
        Assert.Throws<CpuAccessException>(() => memory.Span.Length);
        second.Dispose();
        buffer.Put();
    }

    [Fact]
    public void An_mmap_is_a_second_mapping_of_the_same_pages_and_the_exporter_sees_each()
    {
        var exporter = new Mock<DmaBufExporter>("mock") { CallBase = true };
        var buffer = ExportDeferred(TestDevices.Video(), 8192, callbacks: exporter.Object);
        using var vmap = buffer.Vmap();

        using (var mmap = buffer.Mmap())
        using (var again = buffer.Mmap())
        {
            mmap.Span[4096] = 5;
            Assert.Equal(5, vmap.Span[4096]);
            Assert.Equal(5, again.GetSpan(4096, 1)[0]);
        }

        exporter.Verify(e => e.Mmap(buffer), Times.Exactly(2));
        vmap.Dispose();
        buffer.Put();
    }
}
