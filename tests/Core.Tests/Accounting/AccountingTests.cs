using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Accounting;

/// <summary>The counters the run report prints: exact bytes copied, migrations, live buffers and bytes per heap.</summary>
public sealed class AccountingTests : LeakCheckedTest
{
    [Fact]
    public void Bounce_and_migration_bytes_add_up_to_bytes_copied()
    {
        var bounced = AllocateFor(64 << 10, TestDevices.Video());
        var dsp = bounced.Attach(TestDevices.Dsp());
        dsp.Map(DmaDirection.Bidirectional).Unmap();

        var migrated = ExportDeferred(TestDevices.Video(), 128 << 10);
        var gpu = migrated.Attach(TestDevices.Gpu());
        gpu.Map(DmaDirection.ToDevice).Unmap();
        var display = migrated.Attach(TestDevices.Display());

        Assert.Equal(2 * (64 << 10), Core.Accounting.BounceBytes);
        Assert.Equal(128 << 10, Core.Accounting.MigrationBytes);
        Assert.Equal((2 * (64 << 10)) + (128 << 10), Core.Accounting.BytesCopied);
        Assert.Equal(1, Core.Accounting.Migrations);
        display.Detach();
        gpu.Detach();
        dsp.Detach();
        bounced.Put();
        migrated.Put();
    }

    [Fact]
    public void A_heap_allocation_that_migrates_copies_all_its_bytes_and_counts_them()
    {
        var buffer = AllocateFor(1 << 20, TestDevices.Video());
        Assert.Equal("system", buffer.Placement!.Heap.Name);

        var display = buffer.Attach(TestDevices.Display());

        Assert.Equal(1, Core.Accounting.Migrations);
        Assert.Equal(1 << 20, Core.Accounting.MigrationBytes);
        display.Detach();
        buffer.Put();
    }

    [Fact]
    public void Live_buffers_and_bytes_are_counted_per_heap_and_in_total()
    {
        var inCma = AllocateFor(1 << 20, TestDevices.Display());
        var inSystem = AllocateFor(3 << 20, TestDevices.Video());
        var unplaced = ExportDeferred(TestDevices.Video(), 2 << 20);

        var usage = Core.Accounting.HeapUsage().ToDictionary(h => h.Heap);
        Assert.Equal((1, 1L << 20), (usage["cma"].LiveBuffers, usage["cma"].LiveBytes));
        Assert.Equal((1, 3L << 20), (usage["system"].LiveBuffers, usage["system"].LiveBytes));
        Assert.Equal(usage["system"].Size - (3L << 20), usage["system"].FreeBytes);
        Assert.Equal(3, Core.Accounting.LiveBuffers);
        Assert.Equal(6 << 20, Core.Accounting.LiveBytes);
        Assert.Equal(3, Core.Accounting.BuffersExported);

        inCma.Put();
        inSystem.Put();
        unplaced.Put();

        Assert.Equal(0, Core.Accounting.LiveBuffers);
        Assert.Equal(3, Core.Accounting.BuffersReleased);
        Assert.All(Core.Accounting.HeapUsage(), h => Assert.Equal(0, h.LiveBytes));
    }
}
