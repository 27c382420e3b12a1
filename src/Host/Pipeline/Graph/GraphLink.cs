namespace PluggableDmaBuf.Host.Pipeline.Graph;

/// <summary>
/// A link from the output of element <see cref="Producer"/> to the input of element <see cref="Consumer"/>
/// (indices into <see cref="PipelineGraph.Elements"/>). <see cref="Column"/> is where its <c>!</c> was
/// written (1-based; 0 when not written in a description) and takes no part in equality.
/// </summary>
internal sealed class GraphLink : IEquatable<GraphLink>
{
    public GraphLink(int producer, int consumer, int column = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(producer);
        ArgumentOutOfRangeException.ThrowIfNegative(consumer);
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        Producer = producer;
        Consumer = consumer;
        Column = column;
    }

    public int Producer { get; }

    public int Consumer { get; }

    public int Column { get; }

    public bool Equals(GraphLink? other) => other is not null && Producer == other.Producer && Consumer == other.Consumer;

    public override bool Equals(object? obj) => obj is GraphLink other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Producer, Consumer);

    public override string ToString() => $"{Producer} ! {Consumer}";

    public static bool operator ==(GraphLink? left, GraphLink? right) => left?.Equals(right) ?? right is null;

    public static bool operator !=(GraphLink? left, GraphLink? right) => !(left == right);
}
