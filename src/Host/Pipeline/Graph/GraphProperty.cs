namespace PluggableDmaBuf.Host.Pipeline.Graph;

/// <summary>
/// One <c>key=value</c> of an element, as written (quotes removed, escapes resolved). The value is text:
/// its type is the stage's business. <see cref="Column"/> is where the key starts (1-based; 0 when the
/// property was not written in a description) and takes no part in equality.
/// </summary>
internal sealed class GraphProperty : IEquatable<GraphProperty>
{
    public GraphProperty(string name, string value, int column = 0)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        if (!GraphSyntax.IsIdentifier(name) || name == GraphSyntax.LabelProperty)
        {
            throw new ArgumentException($"'{GraphSyntax.Excerpt(name)}' is not a property name", nameof(name));
        }

        if (value.Any(c => !GraphSyntax.IsValueChar(c)))
        {
            throw new ArgumentException("a property value holds no control characters", nameof(value));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(column);
        Name = name;
        Value = value;
        Column = column;
    }

    public string Name { get; }

    public string Value { get; }

    public int Column { get; }

    public bool Equals(GraphProperty? other) =>
        other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal) && string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is GraphProperty other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Name), StringComparer.Ordinal.GetHashCode(Value));

    public override string ToString() => $"{Name}={GraphPrinter.Value(Value)}";

    public static bool operator ==(GraphProperty? left, GraphProperty? right) => left?.Equals(right) ?? right is null;

    public static bool operator !=(GraphProperty? left, GraphProperty? right) => !(left == right);
}
