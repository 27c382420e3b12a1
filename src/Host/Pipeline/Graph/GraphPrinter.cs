using System.Text;

namespace PluggableDmaBuf.Host.Pipeline.Graph;

/// <summary>Writes graphs, elements and values in the canonical form the parser reads back unchanged.</summary>
internal static class GraphPrinter
{
    public static string Graph(PipelineGraph graph)
    {
        var elements = graph.Elements;
        var links = graph.Links;
        var firstInput = new int[elements.Length];
        Array.Fill(firstInput, -1);
        var extra = new List<int>();
        for (var k = 0; k < links.Length; k++)
        {
            if (firstInput[links[k].Consumer] < 0)
            {
                firstInput[links[k].Consumer] = k;
            }
            else
            {
                extra.Add(k);
            }
        }

        // An element is chained after the element written just before it; any other link needs its
        // producer (and, for a second input, its consumer too) referred to by label.
        var referenced = new bool[elements.Length];
        for (var i = 0; i < elements.Length; i++)
        {
            if (firstInput[i] >= 0 && links[firstInput[i]].Producer != i - 1)
            {
                referenced[links[firstInput[i]].Producer] = true;
            }
        }

        foreach (var k in extra)
        {
            referenced[links[k].Producer] = true;
            referenced[links[k].Consumer] = true;
        }

        var labels = Labels(elements, referenced);
        var text = new StringBuilder();
        for (var i = 0; i < elements.Length; i++)
        {
            var input = firstInput[i] >= 0 ? links[firstInput[i]] : (GraphLink?)null;
            if (input is { } chained && chained.Producer == i - 1)
            {
                text.Append(" ! ");
            }
            else
            {
                if (i > 0)
                {
                    text.Append(' ');
                }

                if (input is { } branch)
                {
                    text.Append(labels[branch.Producer]).Append(". ! ");
                }
            }

            text.Append(Element(elements[i], labels[i]));
        }

        foreach (var k in extra)
        {
            text.Append(' ').Append(labels[links[k].Producer]).Append(". ! ").Append(labels[links[k].Consumer]).Append('.');
        }

        return text.ToString();
    }

    public static string Element(GraphElement element, string? label)
    {
        var text = new StringBuilder(element.Device).Append(':').Append(element.Stage);
        if (label is not null)
        {
            text.Append(' ').Append(GraphSyntax.LabelProperty).Append('=').Append(label);
        }

        foreach (var property in element.Properties)
        {
            text.Append(' ').Append(property.Name).Append('=').Append(Value(property.Value));
        }

        return text.ToString();
    }

    /// <summary>A value bare when the lexer would read it back whole, else double-quoted with <c>\"</c> and <c>\\</c>.</summary>
    public static string Value(string value)
    {
        if (value.Length > 0 && value.All(GraphSyntax.IsBareValueChar))
        {
            return value;
        }

        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                text.Append('\\');
            }

            text.Append(c);
        }

        return text.Append('"').ToString();
    }

    private static string?[] Labels(IReadOnlyList<GraphElement> elements, bool[] referenced)
    {
        var labels = new string?[elements.Count];
        var taken = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < elements.Count; i++)
        {
            labels[i] = elements[i].Label;
            if (labels[i] is { } label)
            {
                taken.Add(label);
            }
        }

        for (var i = 0; i < elements.Count; i++)
        {
            if (referenced[i] && labels[i] is null)
            {
                var label = elements[i].Device;
                for (var n = 2; !taken.Add(label); n++)
                {
                    label = $"{elements[i].Device}-{n}";
                }

                labels[i] = label;
            }
        }

        return labels;
    }
}
