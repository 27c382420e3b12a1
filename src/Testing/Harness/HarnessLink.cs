namespace PluggableDmaBuf.Testing.Harness;

/// <summary>
/// One link of a harness run: a small pool of buffers written by one producer (a stage, or the
/// harness feeding the first stage) and read by at most one consumer, each attached once. Per frame
/// the holder's fence is armed and added to the reservation before the buffer is mapped, and
/// signalled (with the error, when the call failed) after it is unmapped — as the host's links do.
/// </summary>
internal sealed class HarnessLink(string name, IDmaBuf[] buffers, DmaBufAttachment?[] producer, DmaBufAttachment?[] consumer) : IDisposable
{
    public string Name { get; } = name;

    public IDmaBuf[] Buffers { get; } = buffers;

    public IDmaBuf BufferFor(int frame) => Buffers[frame % Buffers.Length];

    public DmaBufAttachment? ProducerAttachment(int frame) => producer[frame % Buffers.Length];

    public DmaBufAttachment? ConsumerAttachment(int frame) => consumer[frame % Buffers.Length];

    public void Dispose()
    {
        for (var i = 0; i < Buffers.Length; i++)
        {
            foreach (var attachment in new[] { producer[i], consumer[i] })
            {
                if (attachment is { IsAttached: true } live)
                {
                    live.Detach();
                }
            }

            if (!Buffers[i].IsReleased)
            {
                Buffers[i].Put();
            }
        }
    }
}
