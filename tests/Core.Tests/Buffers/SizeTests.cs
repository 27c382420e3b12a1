using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>Invariant 8: the size never changes; a CPU view larger than the buffer is refused.</summary>
public sealed class SizeTests : LeakCheckedTest
{
    [Theory]
    [InlineData(0, 4097)]
    [InlineData(1, 4096)]
    [InlineData(4096, 1)]
    [InlineData(-1, 1)]
    [InlineData(0, -1)]
    public void A_CPU_view_past_the_end_is_refused(long offset, int length)
    {
        var buffer = ExportDeferred(TestDevices.Video(), 4096);
        using (var access = buffer.BeginCpuAccess(CpuAccessMode.ReadWrite))
        {
            var error = Assert.Throws<CpuAccessException>(() => access.GetSpan(offset, length));
            Assert.Contains("leaves the buffer (4096 bytes)", error.Message);
            Assert.Throws<CpuAccessException>(() => access.GetMemory(offset, length));
        }

        using (var view = buffer.Vmap())
        {
            Assert.Throws<CpuAccessException>(() => view.GetSpan(offset, length));
        }

        buffer.Put();
    }

    [Fact]
    public void The_size_is_fixed_at_export_and_survives_placement_and_migration()
    {
        var buffer = ExportDeferred(TestDevices.Video(), 5 * 4096);
        Assert.Equal(5 * 4096, buffer.Size);
        var gpu = buffer.Attach(TestDevices.Gpu());
        var mapping = gpu.Map(DmaDirection.ToDevice);
        Assert.Equal(buffer.Size, mapping.Segments.Sum(s => s.Length));
        Assert.Equal(buffer.Size, buffer.Placement!.Size);
        mapping.Unmap();

        var display = buffer.Attach(TestDevices.Display());

        Assert.Equal(1, Core.Accounting.Migrations);
        Assert.Equal(5 * 4096, buffer.Size);
        Assert.Equal(buffer.Size, buffer.Placement!.Size);
        using (var access = buffer.BeginCpuAccess(CpuAccessMode.Read))
        {
            Assert.Equal(5 * 4096, access.ReadOnlySpan.Length);
        }

        display.Detach();
        gpu.Detach();
        buffer.Put();
    }

    [Fact]
    public void A_view_that_ends_exactly_at_the_end_is_accepted()
    {
        var buffer = ExportDeferred(TestDevices.Video(), 8192);
        using (var access = buffer.BeginCpuAccess(CpuAccessMode.Write))
        {
            access.GetSpan(8191, 1)[0] = 9;
            Assert.Equal(8192, access.Span.Length);
        }

        buffer.Put();
    }
}
