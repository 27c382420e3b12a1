namespace PluggableDmaBuf.Core.Negotiation;

/// <summary>How a device reaches a placement.</summary>
internal enum ReachKind
{
    /// <summary>The device uses the placement's own memory.</summary>
    Direct,

    /// <summary>The device's mask cannot reach the placement; a bounce buffer below its limit serves it.</summary>
    Bounce,

    /// <summary>The device cannot use the placement.</summary>
    Unreachable,
}
