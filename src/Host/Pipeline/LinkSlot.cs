namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>One buffer of a link's pool, with every stage's attachment to it.</summary>
internal sealed class LinkSlot(IDmaBuf buffer)
{
    public IDmaBuf Buffer { get; } = buffer;

    /// <summary>Attachments by stage id; written on setup and by the producer when the preview attaches.</summary>
    public Dictionary<string, DmaBufAttachment> Attachments { get; } = new(StringComparer.Ordinal);

    /// <summary>Consumers that have not yet fenced their read of the current frame; the slot returns to the free list at 0.</summary>
    public int PendingReaders;

    /// <summary>The producer's fence for the frame in the slot, set before the frame is published to the consumers.</summary>
    public IDmaFence? WriteFence;
}
