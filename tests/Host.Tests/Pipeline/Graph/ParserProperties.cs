using CsCheck;
using PluggableDmaBuf.Host.Pipeline.Graph;

namespace PluggableDmaBuf.Host.Tests.Pipeline.Graph;

/// <summary>
/// Properties of the parser over generated input: the canonical printer and the parser are inverse, and no
/// text, however hostile, gets anything from the parser but a graph or one short, printable error line.
/// </summary>
public sealed class ParserProperties
{
    private static readonly Gen<string> s_identifier =
        Gen.Select(Gen.Char["abcxyzAZ_"], Gen.Char["abz09_-"].Array[0, 6], (head, tail) => head + new string(tail));

    // Everything a value may hold, including what needs quoting (blank, '!', quotes, backslash), what a
    // bare value holds ('=', ':', '/', '.'), and characters outside ASCII (a lone surrogate among them).
    private static readonly Gen<string> s_value = Gen.Char["az09 :/.=!\"'\\é😀\u00a0-_"].Array[0, 8].Select(chars => new string(chars));

    private static readonly Gen<(string Device, string Stage, string Label, bool Labelled, (string Name, string Value)[] Properties)> s_element =
        Gen.Select(s_identifier, s_identifier, s_identifier, Gen.Bool, Gen.Select(s_identifier, s_value).Array[0, 3]);

    /// <summary>
    /// A checked graph: unique stages and labels, at most one input each and no cycle (each element's
    /// producer comes earlier in a random order, anywhere in the text), links in the order the printer
    /// writes them, and a label on every element the printer must refer to.
    /// </summary>
    private static readonly Gen<PipelineGraph> s_graph = Gen.Int[1, 12].SelectMany(n =>
        Gen.Select(s_element.Array[n, n], Gen.Int[0, 1000].Array[n, n], Gen.Int[0, 1000].Array[n, n], (elements, order, inputs) =>
        {
            var rank = Enumerable.Range(0, n).OrderBy(i => order[i]).ThenBy(i => i).ToArray();
            var producer = new int[n];
            for (var position = 0; position < n; position++)
            {
                var i = rank[position];
                // About one element in four is a source; the others read from an element ranked before them.
                producer[i] = position == 0 || inputs[i] % 4 == 0 ? -1 : rank[inputs[i] % position];
            }

            var needsLabel = new bool[n];
            for (var i = 0; i < n; i++)
            {
                if (producer[i] >= 0 && producer[i] != i - 1)
                {
                    needsLabel[producer[i]] = true;
                }
            }

            var built = elements.Select((e, i) => new GraphElement(
                $"{e.Device}_{i}",
                e.Stage,
                e.Labelled || needsLabel[i] ? $"{e.Label}_{i}" : null,
                e.Properties.DistinctBy(p => p.Name).Select(p => new GraphProperty(p.Name, p.Value))));
            var links = Enumerable.Range(0, n).Where(i => producer[i] >= 0).Select(i => new GraphLink(producer[i], i));
            return new PipelineGraph(built, links);
        }));

    [Fact]
    public void Printing_a_graph_and_parsing_the_text_gives_the_same_graph()
    {
        s_graph.Sample(graph =>
        {
            var text = graph.ToString();
            var parsed = PipelineGraphParser.Parse(text);

            Assert.Equal(graph, parsed);
            Assert.Equal(text, parsed.ToString());
        }, iter: 500, threads: 1, print: graph => graph.ToString());
    }

    [Fact]
    public void A_graph_without_labels_prints_with_labels_it_can_be_read_back_with()
    {
        s_graph.Sample(graph =>
        {
            var unlabelled = new PipelineGraph(graph.Elements.Select(e => new GraphElement(e.Device, e.Stage, null, e.Properties)), graph.Links);
            var parsed = PipelineGraphParser.Parse(unlabelled.ToString());

            Assert.Equal(unlabelled.Elements.Select(e => (e.Id, e.Properties.ToArray())), parsed.Elements.Select(e => (e.Id, e.Properties.ToArray())));
            Assert.Equal(unlabelled.Links.ToArray(), parsed.Links.ToArray());
            Assert.Equal(parsed.ToString(), PipelineGraphParser.Parse(parsed.ToString()).ToString());
        }, iter: 300, threads: 1, print: graph => graph.ToString());
    }

    [Fact]
    public void Random_text_gives_a_graph_or_one_short_printable_error_line()
    {
        Gen.Char["ab:.=!\"'\\ \t\r\n_-0é\u001b\u202e\0"].Array[0, 40].Select(chars => new string(chars))
            .Sample(ParsesOrFailsCleanly, iter: 3000, threads: 1);
    }

    [Fact]
    public void Mutated_valid_text_gives_a_graph_or_one_short_printable_error_line()
    {
        var mutation = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 10_000], Gen.Char["ab:.=!\"'\\ \r_0\u001b"]);
        Gen.Select(s_graph, mutation.Array[1, 4]).Sample((graph, mutations) =>
        {
            var text = graph.ToString();
            foreach (var (kind, where, c) in mutations)
            {
                var at = where % (text.Length + 1);
                text = kind switch
                {
                    0 => text.Insert(at, c.ToString()),
                    1 when at < text.Length => text.Remove(at, 1),
                    _ when at < text.Length => text.Remove(at, 1).Insert(at, c.ToString()),
                    _ => text,
                };
            }

            ParsesOrFailsCleanly(text);
        }, iter: 2000, threads: 1);
    }

    [Fact]
    public void A_ten_thousand_element_chain_parses()
    {
        const int Count = 10_000;
        var text = string.Join(" ! ", Enumerable.Range(0, Count).Select(i => $"dev{i}:stage prop=value{i}"));

        var graph = PipelineGraphParser.Parse(text);

        Assert.Equal(Count, graph.Elements.Length);
        Assert.Equal(Count - 1, graph.Links.Length);
        Assert.Equal(new GraphLink(Count - 2, Count - 1), graph.Links[^1]);
        Assert.Equal(text, graph.ToString());
    }

    [Fact]
    public void Ten_thousand_branches_from_one_label_parse()
    {
        const int Count = 10_000;
        var text = "src:out name=s " + string.Join(" ", Enumerable.Range(0, Count).Select(i => $"s. ! sink{i}:in"));

        var graph = PipelineGraphParser.Parse(text);

        Assert.Equal(Count + 1, graph.Elements.Length);
        Assert.Equal(Count, graph.OutputsOf(0).Count());
        Assert.Equal(graph, PipelineGraphParser.Parse(graph.ToString()));
    }

    private static void ParsesOrFailsCleanly(string text)
    {
        try
        {
            PipelineGraphParser.Parse(text);
        }
        catch (Exception e) when (e is PipelineSyntaxException or PipelineGraphException)
        {
            Assert.StartsWith("pipeline: column ", e.Message, StringComparison.Ordinal);
            Assert.True(e.Message.Length <= 240, e.Message);
            Assert.DoesNotContain(e.Message, char.IsControl);
            Assert.DoesNotContain('\u202e', e.Message);
        }
    }
}
