using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>
/// The migration copy runs outside the buffer's lock: while it runs, references, state and listings
/// answer at once, and a map waits for the new placement instead of mapping the old one.
/// </summary>
public sealed class MigrationProtocolTests : LeakCheckedTest
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task During_the_copy_the_buffer_answers_and_a_map_waits_for_the_new_placement()
    {
        var buffer = ExportDeferred(TestDevices.Video(), 4 << 20);
        var gpu = buffer.Attach(TestDevices.Gpu());
        gpu.Map(DmaDirection.ToDevice).Unmap();
        var video = buffer.Attach(TestDevices.Video("video1"));
        Assert.Equal("system", buffer.Placement!.Heap.Name);
        WritePattern(buffer, 23);
        using var copying = new ManualResetEventSlim();
        using var proceed = new ManualResetEventSlim();
        ((DmaBuf)buffer).Backing.CopyStarting = () =>
        {
            copying.Set();
            proceed.Wait(s_patience);
        };

        var attach = Task.Run(() => buffer.Attach(TestDevices.Display()));
        Assert.True(copying.Wait(s_patience), "the migration did not start");

        var probe = Task.Run(() =>
        {
            buffer.Get();
            var references = buffer.ReferenceCount;
            buffer.Put();
            return (references, buffer.IsReleased, buffer.Placement!.Heap.Name, Core.Accounting.Snapshot().Count);
        });
        Assert.Same(probe, await Task.WhenAny(probe, Task.Delay(s_patience)));
        Assert.Equal((6, false, "system", 1), await probe);
        var map = Task.Run(() => video.Map(DmaDirection.ToDevice));
        proceed.Set();
        var display = await attach;
        var mapping = await map;

        Assert.Equal("cma", buffer.Placement!.Heap.Name);
        Assert.True(mapping.Segments[0].DeviceAddress + (ulong)buffer.Size - 1 <= 0xFFFF_FFFF, "the map used the old placement");
        Assert.Equal(1, Core.Accounting.Migrations);
        mapping.Unmap();
        Assert.True(HasPattern(buffer, 23));
        display.Detach();
        video.Detach();
        gpu.Detach();
        buffer.Put();
    }
}
