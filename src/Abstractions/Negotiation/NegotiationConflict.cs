namespace PluggableDmaBuf;

/// <summary>
/// Why participants cannot share one buffer: the constraint, the devices whose constraints could not
/// be met together, and one readable sentence. A value, never a guess; throw it with
/// <see cref="BufferPlacementConflictException"/>.
/// </summary>
/// <remarks>Immutable.</remarks>
public sealed class NegotiationConflict
{
    /// <summary>Creates a conflict.</summary>
    /// <param name="constraint">The constraint that failed.</param>
    /// <param name="devices">The devices involved.</param>
    /// <param name="message">One line saying who needs what and why nothing fits.</param>
    public NegotiationConflict(ConstraintKind constraint, IEnumerable<string> devices, string message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(message);
        Constraint = constraint;
        Devices = devices?.ToArray() ?? throw new ArgumentNullException(nameof(devices));
        Message = message;
    }

    /// <summary>The constraint that failed.</summary>
    public ConstraintKind Constraint { get; }

    /// <summary>The devices whose constraints could not be met together.</summary>
    public IReadOnlyList<string> Devices { get; }

    /// <summary>One readable line.</summary>
    public string Message { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Constraint.ToString().ToLowerInvariant()}: {Message}";
}
