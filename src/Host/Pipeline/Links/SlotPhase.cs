namespace PluggableDmaBuf.Host.Pipeline.Links;

/// <summary>Where one buffer of a link is in its round.</summary>
internal enum SlotPhase
{
    /// <summary>Never written, or written and every consumer of that frame has released it.</summary>
    Free,

    /// <summary>The producer has taken it for a frame and is arming its fence; consumers cannot see it yet.</summary>
    Reserved,

    /// <summary>Published: consumers may take read leases and fence their reads, the producer is writing.</summary>
    Writing,

    /// <summary>The producer released it: the frame is complete, or failed (<see cref="LinkSlot.Error"/>).</summary>
    Written,
}
