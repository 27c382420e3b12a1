using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>
/// Exporter callbacks run without the buffer's lock: a callback that waits for another thread using
/// the same buffer finishes (it would deadlock if the callback held the lock).
/// </summary>
public sealed class CallbackLockTests : LeakCheckedTest
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("attach")]
    [InlineData("map")]
    [InlineData("unmap")]
    [InlineData("detach")]
    [InlineData("begin")]
    [InlineData("vmap")]
    [InlineData("release")]
    public void A_callback_that_waits_for_another_thread_using_the_buffer_does_not_deadlock(string callback)
    {
        var exporter = new ReentrantExporter(callback);
        var buffer = ExportDeferred(TestDevices.Video(), callbacks: exporter);
        exporter.Armed = true;

        var gpu = buffer.Attach(TestDevices.Gpu());
        gpu.Map(DmaDirection.ToDevice).Unmap();
        gpu.Detach();
        using (buffer.BeginCpuAccess(CpuAccessMode.Read))
        {
        }

        buffer.Vmap().Dispose();
        buffer.Put();

        Assert.True(exporter.Ran, $"the {callback} callback did not run");
        Assert.Null(exporter.Failure);
    }

    /// <summary>An exporter whose one chosen callback waits for another thread to take and drop a reference, read the state and list the buffer.</summary>
    private sealed class ReentrantExporter(string callback) : DmaBufExporter("video0")
    {
        public bool Armed { get; set; }

        public bool Ran { get; private set; }

        public string? Failure { get; private set; }

        public override void Map(DmaBufMapping mapping) => Maybe("map", mapping.Attachment.Buffer);

        public override void Unmap(DmaBufMapping mapping) => Maybe("unmap", mapping.Attachment.Buffer);

        public override void Release(IDmaBuf buffer) => Maybe("release", buffer);

        public override void Attach(DmaBufAttachment attachment) => Maybe("attach", attachment.Buffer);

        public override void Detach(DmaBufAttachment attachment) => Maybe("detach", attachment.Buffer);

        public override void BeginCpuAccess(IDmaBuf buffer, CpuAccessMode mode) => Maybe("begin", buffer);

        public override void Vmap(IDmaBuf buffer) => Maybe("vmap", buffer);

        private void Maybe(string name, IDmaBuf buffer)
        {
            if (!Armed || name != callback || Ran)
            {
                return;
            }

            Ran = true;
            var other = new Thread(() =>
            {
                _ = buffer.ReferenceCount;
                _ = buffer.Placement;
                if (name == "release")
                {
                    _ = buffer.IsReleased;
                    return;
                }

                buffer.Get();
                buffer.Put();
                var probe = buffer.Attach(TestDevices.Dsp("probe0"));
                probe.Detach();
            });
            other.Start();
            if (!other.Join(s_patience))
            {
                Failure = $"the other thread was still blocked after {s_patience.TotalSeconds} s: the {name} callback holds the buffer's lock";
                Armed = false;
            }
        }
    }
}
