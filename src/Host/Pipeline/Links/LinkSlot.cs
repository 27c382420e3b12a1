namespace PluggableDmaBuf.Host.Pipeline.Links;

/// <summary>The hand-over state of one buffer of a link, guarded by the link's lock.</summary>
internal struct LinkSlot
{
    public SlotPhase Phase;

    /// <summary>The frame in the buffer, from <see cref="SlotPhase.Reserved"/> on.</summary>
    public int Frame;

    /// <summary>Consumers that have yet to release this frame; the producer may take the buffer again at 0.</summary>
    public int Readers;

    /// <summary>The producer's failure of this frame: consumers must not use it.</summary>
    public Exception? Error;
}
