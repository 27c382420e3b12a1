namespace PluggableDmaBuf.Core.Negotiation;

/// <summary>
/// The verdict of <see cref="Reachability.Evaluate"/>: direct, through a bounce buffer, or
/// unreachable, with every rule the placement fails (<see cref="Reasons"/>) and the segment count
/// when the segment limit is one. A value with no text: <see cref="ConflictFormatter"/> turns it into
/// words only when a conflict is raised, so the attach and map paths allocate nothing.
/// </summary>
internal readonly record struct Reach(ReachKind Kind, ReachReason Reasons, long Segments = 0)
{
    public static Reach Direct => default;

    /// <summary>The first rule failed, in the order they are checked: the one a refusal names.</summary>
    public ReachReason Reason => (ReachReason)((int)Reasons & -(int)Reasons);

    /// <summary>The constraint a conflict names for this verdict.</summary>
    public ConstraintKind Constraint => Reason switch
    {
        ReachReason.HeapNotReachable => ConstraintKind.Heap,
        ReachReason.TooManySegments => ConstraintKind.Segments,
        _ => ConstraintKind.Address,
    };
}
