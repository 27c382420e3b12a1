using System.Collections.Immutable;

namespace PluggableDmaBuf.Host.Pipeline.Graph;

/// <summary>
/// One element of a pipeline description: the stage <see cref="Id"/> (<c>device:stage</c>), the label its
/// <c>name=</c> gave it, and its other properties in the order written. Immutable. Two elements are equal
/// when they describe the same thing; <see cref="Column"/> (where the device name starts, 1-based; 0 when
/// the element was not written in a description) takes no part in equality.
/// </summary>
internal sealed class GraphElement : IEquatable<GraphElement>
{
    public GraphElement(string device, string stage, string? label = null, IEnumerable<GraphProperty>? properties = null, int column = 0)
    {
        RequireIdentifier(device, nameof(device));
        RequireIdentifier(stage, nameof(stage));
        if (label is not null)
        {
            RequireIdentifier(label, nameof(label));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(column);
        var list = properties?.ToImmutableArray() ?? [];
        var names = new HashSet<string>(list.Length, StringComparer.Ordinal);
        foreach (var property in list)
        {
            if (!names.Add(property.Name))
            {
                throw new ArgumentException($"property {property.Name} is given twice", nameof(properties));
            }
        }

        Device = device;
        Stage = stage;
        Label = label;
        Properties = list;
        Column = column;
    }

    public string Device { get; }

    public string Stage { get; }

    /// <summary><c>device:stage</c>, the stage's id as its plugin registered it.</summary>
    public string Id => $"{Device}:{Stage}";

    /// <summary>What <c>name=</c> set, so that <c>label.</c> can refer to this element; null when unnamed.</summary>
    public string? Label { get; }

    /// <summary>The properties other than <c>name</c>, in the order written, each name once.</summary>
    public ImmutableArray<GraphProperty> Properties { get; }

    public int Column { get; }

    /// <summary>The value of property <paramref name="name"/>, or null when the element does not set it.</summary>
    public string? Property(string name)
    {
        foreach (var property in Properties)
        {
            if (string.Equals(property.Name, name, StringComparison.Ordinal))
            {
                return property.Value;
            }
        }

        return null;
    }

    public bool Equals(GraphElement? other) =>
        other is not null &&
        string.Equals(Device, other.Device, StringComparison.Ordinal) &&
        string.Equals(Stage, other.Stage, StringComparison.Ordinal) &&
        string.Equals(Label, other.Label, StringComparison.Ordinal) &&
        Properties.SequenceEqual(other.Properties);

    public override bool Equals(object? obj) => Equals(obj as GraphElement);

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Device), StringComparer.Ordinal.GetHashCode(Stage), Label is null ? 0 : StringComparer.Ordinal.GetHashCode(Label), Properties.Length);

    /// <summary>The element as the canonical printer writes it: <c>device:stage name=label key=value…</c>.</summary>
    public override string ToString() => GraphPrinter.Element(this, Label);

    private static void RequireIdentifier(string text, string parameter)
    {
        ArgumentNullException.ThrowIfNull(text, parameter);
        if (!GraphSyntax.IsIdentifier(text))
        {
            throw new ArgumentException($"'{GraphSyntax.Excerpt(text)}' is not a name of the pipeline language (letters, digits, '_' and '-', starting with a letter or '_')", parameter);
        }
    }
}
