using PluggableDmaBuf.Host.Text;

namespace PluggableDmaBuf.Host.Pipeline.Graph;

/// <summary>
/// Reads a gst-launch style pipeline description (the grammar is in docs/pipelines.md) into a
/// <see cref="PipelineGraph"/> that has passed <see cref="GraphStructure.Check"/>. Pure: no stage is looked
/// up here (see <see cref="GraphCatalogCheck"/>). A recursive descent whose repetitions are loops, not
/// recursion: time is linear in the length of the text and stack depth does not grow with it.
/// </summary>
internal static class PipelineGraphParser
{
    /// <summary>Where a description given on the command line is said to be in messages.</summary>
    public const string CommandLineSource = "pipeline";

    private const string EndpointExpected = "an element (device:stage) or a reference (label.)";

    private const string EndpointAfterLinkExpected = EndpointExpected + " after '!'";

    /// <summary>Parses and checks <paramref name="text"/>.</summary>
    /// <param name="text">The description.</param>
    /// <param name="source">What messages say the description is: <c>pipeline</c>, or the configuration key it came from (<c>Pipeline:Graph</c>).</param>
    /// <exception cref="PipelineSyntaxException">The text does not follow the grammar.</exception>
    /// <exception cref="PipelineGraphException">The text follows the grammar but does not make a graph (see <see cref="GraphStructure.Check"/>).</exception>
    public static PipelineGraph Parse(string text, string source = CommandLineSource)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        var lexer = new GraphLexer(text, source);
        var token = lexer.Next();
        if (token.Kind == GraphTokenKind.End)
        {
            throw new PipelineSyntaxException(source, token.Column, "an element (device:stage)", "end of input (the description is empty)");
        }

        var elements = new List<ParsedElement>();
        var links = new List<(Endpoint Producer, Endpoint Consumer, int Column)>();
        while (token.Kind != GraphTokenKind.End)
        {
            var left = ReadEndpoint(lexer, ref token, elements, EndpointExpected);
            var linked = false;
            while (token.Kind == GraphTokenKind.Link)
            {
                var column = token.Column;
                token = lexer.Next();
                var right = ReadEndpoint(lexer, ref token, elements, EndpointAfterLinkExpected);
                links.Add((left, right, column));
                left = right;
                linked = true;
            }

            if (left.Element < 0 && !linked)
            {
                throw lexer.Error(token.Column, $"'!' after the reference {GraphSyntax.Excerpt(left.Label!)}. (a reference links from or into a named element)");
            }

            if (token.Kind is not (GraphTokenKind.End or GraphTokenKind.Element or GraphTokenKind.Reference))
            {
                throw lexer.Error(token.Column, left.Element < 0
                    ? "'!' or the next element after a reference (properties belong to an element)"
                    : "a property (key=value), '!' or the next element");
            }
        }

        return Build(elements, links, source);
    }

    private static Endpoint ReadEndpoint(GraphLexer lexer, ref GraphToken token, List<ParsedElement> elements, string expected)
    {
        switch (token.Kind)
        {
            case GraphTokenKind.Element:
                var element = new ParsedElement(token.Name, token.Value, token.Column, []);
                elements.Add(element);
                for (token = lexer.Next(); token.Kind == GraphTokenKind.Property; token = lexer.Next())
                {
                    element.Properties.Add(token);
                }

                return new Endpoint(elements.Count - 1, null, element.Column);
            case GraphTokenKind.Reference:
                var reference = new Endpoint(-1, token.Name, token.Column);
                token = lexer.Next();
                return reference;
            default:
                throw lexer.Error(token.Column, expected);
        }
    }

    private static PipelineGraph Build(List<ParsedElement> parsed, List<(Endpoint Producer, Endpoint Consumer, int Column)> parsedLinks, string source)
    {
        var elements = new GraphElement[parsed.Count];
        for (var i = 0; i < parsed.Count; i++)
        {
            elements[i] = Element(parsed[i], source);
        }

        var labels = GraphStructure.Labels(elements, source);
        var links = new GraphLink[parsedLinks.Count];
        for (var i = 0; i < parsedLinks.Count; i++)
        {
            var (producer, consumer, column) = parsedLinks[i];
            links[i] = new GraphLink(Resolve(producer, labels, source), Resolve(consumer, labels, source), column);
        }

        var graph = new PipelineGraph(elements, links);
        GraphStructure.Check(graph, source);
        return graph;
    }

    private static GraphElement Element(ParsedElement element, string source)
    {
        var id = GraphSyntax.Excerpt($"{element.Device}:{element.Stage}");
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        string? label = null;
        var properties = new List<GraphProperty>(element.Properties.Count);
        foreach (var property in element.Properties)
        {
            if (!first.TryAdd(property.Name, property.Column))
            {
                throw new PipelineGraphException(source, property.Column,
                    $"{id} sets {GraphSyntax.Excerpt(property.Name)} twice (first at column {first[property.Name]})");
            }

            if (property.Name == GraphSyntax.LabelProperty)
            {
                if (!GraphSyntax.IsIdentifier(property.Value))
                {
                    throw new PipelineGraphException(source, property.ValueColumn,
                        $"name='{GraphSyntax.Excerpt(property.Value)}' is not a label: a label is letters, digits, '_' and '-', starting with a letter or '_'");
                }

                label = property.Value;
            }
            else
            {
                properties.Add(new GraphProperty(property.Name, property.Value, property.Column));
            }
        }

        return new GraphElement(element.Device, element.Stage, label, properties, element.Column);
    }

    private static int Resolve(Endpoint endpoint, Dictionary<string, int> labels, string source)
    {
        if (endpoint.Element >= 0)
        {
            return endpoint.Element;
        }

        var label = endpoint.Label!;
        if (labels.TryGetValue(label, out var element))
        {
            return element;
        }

        var suggestion = DidYouMean.Suggest(label, labels.Keys);
        throw new PipelineGraphException(source, endpoint.Column, $"no element is named {GraphSyntax.Excerpt(label)}" +
            (suggestion is null ? $" (label one with name={GraphSyntax.Excerpt(label)})" : $" (did you mean {suggestion}?)"));
    }

    /// <summary>An element or a label reference standing at one end of a link.</summary>
    private sealed record Endpoint(int Element, string? Label, int Column);

    private sealed record ParsedElement(string Device, string Stage, int Column, List<GraphToken> Properties);
}
