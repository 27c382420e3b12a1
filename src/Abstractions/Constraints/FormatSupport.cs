namespace PluggableDmaBuf;

/// <summary>
/// One format a device can read or write, with the modifiers (tilings, compressions) it accepts for
/// it, most preferred first. Modifiers are opaque names compared by ordinal string equality;
/// <see cref="Linear"/> is the plain row-major layout.
/// </summary>
/// <remarks>Immutable; validated on construction.</remarks>
public sealed class FormatSupport
{
    /// <summary>The modifier of the plain row-major layout.</summary>
    public const string Linear = "linear";

    /// <summary>Creates the entry.</summary>
    /// <param name="format">The format.</param>
    /// <param name="modifiers">Accepted modifiers, most preferred first; omitted means <c>linear</c> only.</param>
    /// <exception cref="InvalidConstraintException">A modifier is empty or listed twice.</exception>
    public FormatSupport(PixelFormat format, IEnumerable<string>? modifiers = null)
    {
        Format = format ?? throw new ArgumentNullException(nameof(format));
        var list = modifiers?.ToArray() ?? [Linear];
        if (list.Length == 0)
        {
            throw new InvalidConstraintException("modifiers", "must list at least one modifier (omit it for linear only)");
        }

        var seen = new HashSet<string>(list.Length, StringComparer.Ordinal);
        for (var i = 0; i < list.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(list[i]))
            {
                throw new InvalidConstraintException($"modifiers[{i}]", "must not be empty");
            }

            if (!seen.Add(list[i]))
            {
                throw new InvalidConstraintException($"modifiers[{i}]", $"'{list[i]}' is listed twice");
            }
        }

        Modifiers = list;
    }

    /// <summary>The format.</summary>
    public PixelFormat Format { get; }

    /// <summary>Accepted modifiers, most preferred first; never empty.</summary>
    public IReadOnlyList<string> Modifiers { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Format} ({string.Join(", ", Modifiers)})";
}
