namespace PluggableDmaBuf;

/// <summary>
/// An attachment already mapped in one direction was mapped in another, and the cached direction is
/// not bidirectional (<see cref="IDmaBuf">lifecycle invariant</see> 6).
/// </summary>
public sealed class DirectionConflictException : DmaBufException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="bufferId">The buffer's id.</param>
    /// <param name="device">The attached device.</param>
    /// <param name="mapped">The direction of the active mapping.</param>
    /// <param name="requested">The direction asked for.</param>
    public DirectionConflictException(long bufferId, string device, DmaDirection mapped, DmaDirection requested)
        : base($"buffer #{bufferId}: {device} is mapped {mapped}; mapping it {requested} as well needs a bidirectional mapping (unmap first)")
    {
        BufferId = bufferId;
        Device = device;
        Mapped = mapped;
        Requested = requested;
    }

    /// <summary>The buffer's id.</summary>
    public long BufferId { get; }

    /// <summary>The attached device.</summary>
    public string Device { get; }

    /// <summary>The direction of the active mapping.</summary>
    public DmaDirection Mapped { get; }

    /// <summary>The direction asked for.</summary>
    public DmaDirection Requested { get; }
}
