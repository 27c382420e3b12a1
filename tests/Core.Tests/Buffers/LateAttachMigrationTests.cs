using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>Invariant 5, migration: a late attach that cannot reach the buffer moves it once no mapping is active, copying and counting the bytes.</summary>
public sealed class LateAttachMigrationTests : LeakCheckedTest
{
    [Fact]
    public void An_idle_buffer_migrates_at_the_attach_and_keeps_its_bytes()
    {
        var buffer = PlacedInSystem(out var gpu);
        WritePattern(buffer, 11);

        var display = buffer.Attach(TestDevices.Display());

        Assert.Equal("cma", buffer.Placement!.Heap.Name);
        Assert.Equal(1, Core.Accounting.Migrations);
        Assert.Equal(buffer.Size, Core.Accounting.MigrationBytes);
        Assert.Equal(buffer.Size, Core.Accounting.BytesCopied);
        Assert.True(HasPattern(buffer, 11));
        var mapping = display.Map(DmaDirection.ToDevice);
        Assert.Single(mapping.Segments);
        Assert.False(mapping.IsBounced);
        Assert.True(mapping.Segments[0].DeviceAddress + (ulong)buffer.Size - 1 <= 0xFFFF_FFFF);
        Assert.Equal(0, Core.Accounting.HeapUsage().Single(h => h.Heap == "system").LiveBuffers);
        mapping.Unmap();
        display.Detach();
        gpu.Detach();
        buffer.Put();
    }

    [Fact]
    public async Task With_a_mapping_active_the_attach_succeeds_and_the_new_map_waits_for_the_unmap()
    {
        var buffer = PlacedInSystem(out var gpu);
        var gpuMapping = gpu.Map(DmaDirection.FromDevice);
        gpuMapping.Segment(0).Fill(0x5A);

        var display = buffer.Attach(TestDevices.Display());
        Assert.Equal("system", buffer.Placement!.Heap.Name);
        Assert.Equal(0, Core.Accounting.Migrations);

        using var started = new ManualResetEventSlim();
        var map = Task.Run(() =>
        {
            started.Set();
            return display.Map(DmaDirection.ToDevice);
        });
        started.Wait();

        gpuMapping.Unmap();
        var displayMapping = await map;

        Assert.Equal("cma", buffer.Placement!.Heap.Name);
        Assert.Equal(1, Core.Accounting.Migrations);
        Assert.Equal(0x5A, displayMapping.Segment(0)[^1]);
        displayMapping.Unmap();
        display.Detach();
        gpu.Detach();
        buffer.Put();
    }

    [Fact]
    public void A_map_that_waits_longer_than_the_timeout_for_the_migration_fails_clearly()
    {
        using var scope = new CoreScope(new DmaBufCoreOptions { Strict = true, MigrationWaitTimeout = TimeSpan.FromMilliseconds(50) });
        var buffer = scope.Core.Export(BufferRequest.ForSize(1 << 20, "video0"), TestDevices.Video());
        var gpu = buffer.Attach(TestDevices.Gpu());
        var gpuMapping = gpu.Map(DmaDirection.ToDevice);
        var display = buffer.Attach(TestDevices.Display());

        var error = Assert.Throws<BufferStateException>(() => display.Map(DmaDirection.ToDevice));

        Assert.Contains("display0", error.Message);
        Assert.Contains("1 active mapping", error.Message);
        Assert.False(display.IsMapped);
        gpuMapping.Unmap();
        var mapping = display.Map(DmaDirection.ToDevice);
        Assert.Equal("cma", buffer.Placement!.Heap.Name);
        mapping.Unmap();
        display.Detach();
        gpu.Detach();
        buffer.Put();
    }

    [Fact]
    public void A_pending_migration_is_dropped_when_the_device_that_needed_it_detaches()
    {
        var buffer = PlacedInSystem(out var gpu);
        var gpuMapping = gpu.Map(DmaDirection.ToDevice);
        var display = buffer.Attach(TestDevices.Display());
        display.Detach();
        gpuMapping.Unmap();

        var again = gpu.Map(DmaDirection.ToDevice);

        Assert.Equal("system", buffer.Placement!.Heap.Name);
        Assert.Equal(0, Core.Accounting.Migrations);
        again.Unmap();
        gpu.Detach();
        buffer.Put();
    }

    /// <summary>A deferred 4 MiB buffer of video0, placed in system by gpu0's first map (then unmapped).</summary>
    private IDmaBuf PlacedInSystem(out DmaBufAttachment gpu)
    {
        var buffer = ExportDeferred(TestDevices.Video(), 4 << 20);
        gpu = buffer.Attach(TestDevices.Gpu());
        gpu.Map(DmaDirection.ToDevice).Unmap();
        Assert.Equal("system", buffer.Placement!.Heap.Name);
        return buffer;
    }
}
