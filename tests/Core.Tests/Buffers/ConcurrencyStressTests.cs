using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>Many threads attaching, mapping, unmapping, accessing and releasing at once never corrupt state.</summary>
public sealed class ConcurrencyStressTests : LeakCheckedTest
{
    [Fact]
    public void Concurrent_lifecycles_on_shared_buffers_leave_every_count_consistent()
    {
        var devices = new[] { TestDevices.Gpu(), TestDevices.Display(), TestDevices.Video(), TestDevices.Dsp(), TestDevices.Gpu("gpu1") };
        var buffers = Enumerable.Range(0, 4).Select(i => AllocateFor(256 << 10, devices[0], devices[1])).ToArray();
        var errors = new List<Exception>();
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            var random = new Random(t);
            try
            {
                for (var i = 0; i < 400; i++)
                {
                    var buffer = buffers[random.Next(buffers.Length)];
                    buffer.Get();
                    var attachment = buffer.Attach(devices[random.Next(devices.Length)]);
                    var direction = (DmaDirection)random.Next(1, 4);
                    var mapping = attachment.Map(direction);
                    if (random.Next(4) == 0)
                    {
                        Assert.Equal(mapping, attachment.Map(DmaDirection.Bidirectional == direction ? DmaDirection.ToDevice : direction));
                        mapping.Unmap();
                    }

                    mapping.Segment(0)[0] = (byte)t;
                    using (var access = buffer.BeginCpuAccess(CpuAccessMode.Read))
                    {
                        _ = access.ReadOnlySpan[^1];
                    }

                    mapping.Unmap();
                    attachment.Detach();
                    buffer.Put();
                }
            }
            catch (Exception e)
            {
                lock (errors)
                {
                    errors.Add(e);
                }
            }
        })).ToList();

        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Empty(errors);
        var listing = Core.Accounting.Snapshot();
        Assert.All(listing, b =>
        {
            Assert.Empty(b.Attachments);
            Assert.Equal(0, b.ActiveMappings);
            Assert.Equal(1, b.References);
        });
        Assert.Equal(0, Core.IovaFor(devices[0]).LiveRanges);
        Assert.Equal(0, Core.IovaFor(devices[4]).LiveRanges);
        Assert.Equal(4, Core.Accounting.HeapUsage().Single(h => h.Heap == "cma").LiveBuffers);
        Assert.Equal(0, Core.Accounting.HeapUsage().Single(h => h.Heap == "system-dma32").LiveBuffers);
        Assert.Equal(0, Core.Accounting.Migrations);
        foreach (var buffer in buffers)
        {
            buffer.Put();
        }

        Assert.All(Core.Accounting.HeapUsage(), h => Assert.Equal(h.Size, h.FreeBytes));
    }

    [Fact]
    public void Racing_puts_release_exactly_once()
    {
        for (var round = 0; round < 50; round++)
        {
            var exporter = new RecordingExporter();
            var buffer = ExportDeferred(TestDevices.Video(), 4096, callbacks: exporter);
            for (var i = 0; i < 7; i++)
            {
                buffer.Get();
            }

            Parallel.For(0, 8, _ => buffer.Put());

            Assert.True(buffer.IsReleased);
            Assert.Equal(["release"], exporter.Calls);
        }
    }
}
