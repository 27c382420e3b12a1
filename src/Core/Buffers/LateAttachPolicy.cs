namespace PluggableDmaBuf.Core.Buffers;

/// <summary>What happens when a device attaches to a placed buffer it cannot reach (design §2 invariant 5).</summary>
public enum LateAttachPolicy
{
    /// <summary>
    /// The buffer migrates to a placement every attached device reaches, negotiated by the engine:
    /// at once when nothing maps or views it, otherwise as soon as the last mapping ends (new maps
    /// wait meanwhile). The bytes are copied and counted. Refused when no placement serves them all.
    /// </summary>
    Migrate,

    /// <summary>The attach is refused with a <see cref="BufferPlacementConflictException"/>.</summary>
    Refuse,
}
