using System.Collections.Immutable;

namespace PluggableDmaBuf.Host.Pipeline.Graph;

/// <summary>
/// A pipeline as a graph: its elements in the order written and the links between them in the order
/// their <c>!</c> were written. Immutable and pure (no stage or plugin is looked up). A graph from
/// <see cref="PipelineGraphParser.Parse"/> has passed <see cref="GraphStructure.Check"/>; one built in
/// code has only the invariants the constructor checks (links name existing elements).
/// </summary>
internal sealed class PipelineGraph : IEquatable<PipelineGraph>
{
    public PipelineGraph(IEnumerable<GraphElement> elements, IEnumerable<GraphLink> links)
    {
        ArgumentNullException.ThrowIfNull(elements);
        ArgumentNullException.ThrowIfNull(links);
        Elements = [.. elements];
        Links = [.. links];
        foreach (var element in Elements)
        {
            ArgumentNullException.ThrowIfNull(element, nameof(elements));
        }

        _firstInput = new int[Elements.Length];
        Array.Fill(_firstInput, -1);
        for (var i = 0; i < Links.Length; i++)
        {
            var link = Links[i];
            if (link.Producer >= Elements.Length || link.Consumer >= Elements.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(links), $"link {link} names an element beyond the {Elements.Length} given");
            }

            if (_firstInput[link.Consumer] < 0)
            {
                _firstInput[link.Consumer] = i;
            }
        }
    }

    // The index in Links of each element's first input link, or -1: the runner and the checks ask per element.
    private readonly int[] _firstInput;

    public ImmutableArray<GraphElement> Elements { get; }

    public ImmutableArray<GraphLink> Links { get; }

    /// <summary>The first link into <paramref name="element"/>, or null for a source (a checked graph has at most one).</summary>
    public GraphLink? InputOf(int element) => _firstInput[element] is var i and >= 0 ? Links[i] : null;

    /// <summary>The links out of <paramref name="element"/>, in the order written: its consumers share one pool.</summary>
    public IEnumerable<GraphLink> OutputsOf(int element) => Links.Where(link => link.Producer == element);

    /// <summary>
    /// This graph with <paramref name="consumer"/> added last, reading from element <paramref name="producer"/>:
    /// how a shorthand such as <c>--preview-at N</c> becomes the branch it stands for. Check the result with
    /// <see cref="GraphStructure.Check"/>, as for any graph built in code.
    /// </summary>
    public PipelineGraph WithBranch(int producer, GraphElement consumer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(producer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(producer, Elements.Length);
        ArgumentNullException.ThrowIfNull(consumer);
        return new PipelineGraph(Elements.Add(consumer), Links.Add(new GraphLink(producer, Elements.Length)));
    }

    public bool Equals(PipelineGraph? other) =>
        other is not null && Elements.SequenceEqual(other.Elements) && Links.SequenceEqual(other.Links);

    public override bool Equals(object? obj) => Equals(obj as PipelineGraph);

    public override int GetHashCode() => HashCode.Combine(Elements.Length, Links.Length, Elements.IsEmpty ? 0 : Elements[0].GetHashCode());

    /// <summary>
    /// The canonical description of this graph, which <see cref="PipelineGraphParser.Parse"/> reads back
    /// to an equal graph: elements in order, each chained after its producer where it directly follows
    /// it and branched from its producer's label (<c>label. ! …</c>) where not. An element that must be
    /// referred to but has no label gets one, from its device name.
    /// </summary>
    public override string ToString() => GraphPrinter.Graph(this);
}
