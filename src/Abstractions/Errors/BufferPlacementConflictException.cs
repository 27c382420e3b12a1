namespace PluggableDmaBuf;

/// <summary>
/// The participants of a buffer cannot share one placement: negotiation found no format, modifier
/// or heap that satisfies them all, or a device attached after placement cannot reach the buffer
/// and the buffer cannot migrate. <see cref="Conflict"/> says which constraint and which devices.
/// </summary>
public sealed class BufferPlacementConflictException : DmaBufException
{
    /// <summary>Creates the exception from a conflict value.</summary>
    /// <param name="conflict">The conflict; its message becomes this exception's message.</param>
    public BufferPlacementConflictException(NegotiationConflict conflict)
        : base((conflict ?? throw new ArgumentNullException(nameof(conflict))).Message)
    {
        Conflict = conflict;
    }

    /// <summary>The constraint that could not be met and the devices that disagree on it.</summary>
    public NegotiationConflict Conflict { get; }
}
