using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>
/// A holder's references (get, put, the export's own) and those of attachments and CPU users are
/// counted apart: a put drops only a holder's, and the buffer is released once, when neither is left.
/// </summary>
public sealed class HolderReferenceTests : LeakCheckedTest
{
    [Fact]
    public void A_put_with_only_an_attachment_holding_the_buffer_is_refused_and_changes_nothing()
    {
        var buffer = ExportDeferred(TestDevices.Video(), name: "held");
        var gpu = buffer.Attach(TestDevices.Gpu());
        buffer.Put();
        Assert.False(buffer.IsReleased);

        var error = Assert.Throws<BufferStateException>(buffer.Put);

        Assert.Contains("'held': cannot drop a reference: no reference is left to drop but the 1 held by its attachments", error.Message);
        Assert.Equal(1, buffer.ReferenceCount);
        Assert.True(gpu.IsAttached);
        gpu.Detach();
        Assert.True(buffer.IsReleased);
        Assert.Equal(0, buffer.ReferenceCount);
    }

    [Fact]
    public void Gets_racing_the_detach_that_drops_the_last_reference_release_exactly_once()
    {
        for (var round = 0; round < 50; round++)
        {
            var exporter = new RecordingExporter();
            var buffer = ExportDeferred(TestDevices.Video(), 4096, callbacks: exporter);
            var attachment = buffer.Attach(TestDevices.Gpu());
            buffer.Put();
            var got = 0;

            Parallel.For(0, 5, i =>
            {
                if (i == 0)
                {
                    attachment.Detach();
                    return;
                }

                try
                {
                    buffer.Get();
                }
                catch (BufferReleasedException)
                {
                    return;
                }

                Interlocked.Increment(ref got);
                buffer.Put();
            });

            Assert.True(buffer.IsReleased);
            Assert.Equal(0, buffer.ReferenceCount);
            Assert.Equal(["attach gpu0", "detach gpu0", "release"], exporter.Calls);
            Assert.InRange(got, 0, 4);
        }
    }
}
