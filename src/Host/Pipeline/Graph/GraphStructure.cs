namespace PluggableDmaBuf.Host.Pipeline.Graph;

/// <summary>
/// The checks a graph passes before any stage is looked up: it is not empty, no label is given twice, no
/// stage appears twice (a stage instance exists once per host), no element has more than one input (a
/// consumer reads one link), and the links form no cycle. Each failure is one
/// <see cref="PipelineGraphException"/> naming the first offender in the order written.
/// </summary>
internal static class GraphStructure
{
    /// <exception cref="PipelineGraphException">The graph breaks one of the rules, checked in the order listed.</exception>
    public static void Check(PipelineGraph graph, string source)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(source);
        var elements = graph.Elements;
        if (elements.IsEmpty)
        {
            throw new PipelineGraphException(source, 0, "the graph has no element");
        }

        Labels(elements, source);
        var firstUse = new Dictionary<string, GraphElement>(StringComparer.Ordinal);
        foreach (var element in elements)
        {
            if (!firstUse.TryAdd(element.Id, element))
            {
                throw new PipelineGraphException(source, element.Column,
                    $"{Name(element)} is used twice{Note("first at column", firstUse[element.Id].Column)}; a stage exists once, so it appears once");
            }
        }

        var inputs = new Dictionary<int, GraphLink>();
        foreach (var link in graph.Links)
        {
            if (!inputs.TryAdd(link.Consumer, link))
            {
                var input = inputs[link.Consumer];
                throw new PipelineGraphException(source, link.Column,
                    $"{Name(elements[link.Consumer])} already reads from {Name(elements[input.Producer])}{Note("linked at column", input.Column)}; a stage reads one link, so link {Name(elements[link.Producer])} elsewhere");
            }
        }

        CheckAcyclic(graph, source);
    }

    /// <summary>Each label's element; the second element given a label is an error.</summary>
    /// <exception cref="PipelineGraphException">A label is given twice.</exception>
    public static Dictionary<string, int> Labels(IReadOnlyList<GraphElement> elements, string source)
    {
        var labels = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < elements.Count; i++)
        {
            if (elements[i].Label is { } label && !labels.TryAdd(label, i))
            {
                var first = elements[labels[label]];
                throw new PipelineGraphException(source, elements[i].Column,
                    $"name={GraphSyntax.Excerpt(label)} is already the label of {Name(first)}{Note("at column", first.Column)}; a label names one element");
            }
        }

        return labels;
    }

    /// <summary>An element's id as a message shows it (bounded: an id is user text).</summary>
    internal static string Name(GraphElement element) => GraphSyntax.Excerpt(element.Id);

    /// <summary>Where an earlier part of the description is, when it was written as text.</summary>
    internal static string Note(string words, int column) => column > 0 ? $" ({words} {column})" : "";

    // With at most one input each (checked before), walking inputs from any element either reaches a
    // source or comes back to an element of the current walk: the cycle. Iterative, each element walked once.
    private static void CheckAcyclic(PipelineGraph graph, string source)
    {
        const byte OnWalk = 1, Done = 2;
        var state = new byte[graph.Elements.Length];
        var walk = new List<int>();
        for (var start = 0; start < state.Length; start++)
        {
            walk.Clear();
            for (var element = start; state[element] != Done;)
            {
                if (state[element] == OnWalk)
                {
                    ThrowCycle(graph, walk, element, source);
                }

                state[element] = OnWalk;
                walk.Add(element);
                if (graph.InputOf(element) is not { } input)
                {
                    break;
                }

                element = input.Producer;
            }

            foreach (var visited in walk)
            {
                state[visited] = Done;
            }
        }
    }

    // A message is one line: a long cycle shows its start and its end.
    private const int CycleShown = 8;

    private static void ThrowCycle(PipelineGraph graph, List<int> walk, int reentry, string source)
    {
        // The walk went against the links; the cycle is the part from the re-entered element on,
        // reversed into link order and started at its first element written.
        var cycle = walk.GetRange(walk.IndexOf(reentry), walk.Count - walk.IndexOf(reentry));
        cycle.Reverse();
        var first = cycle.IndexOf(cycle.Min());
        var ordered = cycle.Skip(first).Concat(cycle.Take(first)).ToList();
        var closing = graph.InputOf(ordered[0])!;
        var shown = ordered.Count <= CycleShown ? ordered : [.. ordered.Take(CycleShown - 2), -1, ordered[^1]];
        var names = string.Join(" ! ", shown.Append(ordered[0]).Select(i => i < 0 ? "…" : Name(graph.Elements[i])));
        throw new PipelineGraphException(source, closing.Column,
            $"the links form a cycle: {names}" + (ordered.Count > CycleShown ? $" ({ordered.Count} elements)" : ""));
    }
}
