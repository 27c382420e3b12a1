namespace PluggableDmaBuf;

/// <summary>Either a <see cref="NegotiatedPlacement"/> or a <see cref="NegotiationConflict"/>.</summary>
/// <remarks>Immutable.</remarks>
public sealed class NegotiationResult
{
    private NegotiationResult(NegotiatedPlacement? placement, NegotiationConflict? conflict)
    {
        Placement = placement;
        Conflict = conflict;
    }

    /// <summary>The placement, when negotiation succeeded.</summary>
    public NegotiatedPlacement? Placement { get; }

    /// <summary>The conflict, when it failed.</summary>
    public NegotiationConflict? Conflict { get; }

    /// <summary>Whether negotiation succeeded.</summary>
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(true, nameof(Placement))]
    [System.Diagnostics.CodeAnalysis.MemberNotNullWhen(false, nameof(Conflict))]
    public bool Succeeded => Placement is not null;

    /// <summary>A successful result.</summary>
    /// <param name="placement">The placement.</param>
    public static NegotiationResult Success(NegotiatedPlacement placement) =>
        new(placement ?? throw new ArgumentNullException(nameof(placement)), null);

    /// <summary>A failed result.</summary>
    /// <param name="conflict">The conflict.</param>
    public static NegotiationResult Failure(NegotiationConflict conflict) =>
        new(null, conflict ?? throw new ArgumentNullException(nameof(conflict)));

    /// <summary>The placement, or throws <see cref="BufferPlacementConflictException"/>.</summary>
    public NegotiatedPlacement GetPlacementOrThrow() =>
        Succeeded ? Placement : throw new BufferPlacementConflictException(Conflict);
}
