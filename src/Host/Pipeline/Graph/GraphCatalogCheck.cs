using PluggableDmaBuf.Host.Text;

namespace PluggableDmaBuf.Host.Pipeline.Graph;

/// <summary>
/// Checks a structurally valid graph against the stages that exist: every stage known, every property
/// known to its stage, nothing linked into a source or out of a sink, every element that reads frames fed.
/// Pure; the property values' types are checked where they are bound, not here.
/// </summary>
internal static class GraphCatalogCheck
{
    /// <exception cref="UnknownStageException">An element names a stage the catalog does not have (the first such, in the order written).</exception>
    /// <exception cref="PipelineGraphException">A property or a link does not fit the stage's shape.</exception>
    public static void Check(PipelineGraph graph, IStageCatalog catalog, string source)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(source);
        var elements = graph.Elements;
        var shapes = new StageShape[elements.Length];
        for (var i = 0; i < elements.Length; i++)
        {
            if (!catalog.TryGetShape(elements[i].Id, out shapes[i]))
            {
                throw new UnknownStageException(source, elements[i], DidYouMean.Suggest(elements[i].Id, catalog.StageIds), catalog.StageIds);
            }
        }

        for (var i = 0; i < elements.Length; i++)
        {
            foreach (var property in elements[i].Properties)
            {
                if (!shapes[i].PropertyNames.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw UnknownProperty(elements[i], shapes[i], property, source);
                }
            }
        }

        foreach (var link in graph.Links)
        {
            var producer = elements[link.Producer];
            var consumer = elements[link.Consumer];
            if (!shapes[link.Producer].HasOutput)
            {
                throw new PipelineGraphException(source, link.Column, $"{GraphStructure.Name(producer)} produces nothing, so nothing can follow it");
            }

            if (!shapes[link.Consumer].HasInput)
            {
                throw new PipelineGraphException(source, link.Column, $"{GraphStructure.Name(consumer)} takes no input, so it cannot follow {GraphStructure.Name(producer)}");
            }
        }

        for (var i = 0; i < elements.Length; i++)
        {
            if (shapes[i].HasInput && graph.InputOf(i) is null)
            {
                throw new PipelineGraphException(source, elements[i].Column,
                    $"{GraphStructure.Name(elements[i])} reads frames, but nothing links into it (write it after a producer and '!')");
            }
        }
    }

    private static PipelineGraphException UnknownProperty(GraphElement element, StageShape shape, GraphProperty property, string source)
    {
        var suggestion = DidYouMean.Suggest(property.Name, shape.PropertyNames);
        return new PipelineGraphException(source, property.Column,
            $"{GraphStructure.Name(element)} has no property {GraphSyntax.Excerpt(property.Name)}" +
            (suggestion is null ? "" : $" (did you mean {suggestion}?)") +
            (shape.PropertyNames.Count == 0
                ? "; it has no properties"
                : $"; its properties: {string.Join(", ", shape.PropertyNames.Order(StringComparer.Ordinal))}"));
    }
}
