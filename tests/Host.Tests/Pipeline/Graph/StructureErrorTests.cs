using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Pipeline.Graph;

namespace PluggableDmaBuf.Host.Tests.Pipeline.Graph;

/// <summary>
/// A description that parses but is not a pipeline graph is one bad-input line (exit code 2) naming the
/// column and the elements involved, before any stage is looked up.
/// </summary>
public sealed class StructureErrorTests
{
    [Theory]
    [InlineData("a:a name=v ! b:b name=v", 14, "name=v is already the label of a:a (at column 1); a label names one element")]
    [InlineData("video0:capture name=vid ! gpu0:convert vd. ! display0:overlay", 40, "no element is named vd (did you mean vid?)")]
    [InlineData("a:a name=x ! x. y. ! b:b", 17, "no element is named y (label one with name=y)")]
    [InlineData("a:a ! x.", 7, "no element is named x (label one with name=x)")]
    [InlineData("gpu0:convert matrix=bt601 matrix=bt709", 27, "gpu0:convert sets matrix twice (first at column 14)")]
    [InlineData("a:a name=x name=y", 12, "a:a sets name twice (first at column 5)")]
    [InlineData("a:a name=\"my label\"", 10, "name='my label' is not a label: a label is letters, digits, '_' and '-', starting with a letter or '_'")]
    [InlineData("a:a name=1x", 10, "name='1x' is not a label: a label is letters, digits, '_' and '-', starting with a letter or '_'")]
    [InlineData("video0:capture ! gpu0:convert ! gpu0:convert", 33, "gpu0:convert is used twice (first at column 18); a stage exists once, so it appears once")]
    [InlineData("a:a ! c:c name=c b:b ! c.", 22, "c:c already reads from a:a (linked at column 5); a stage reads one link, so link b:b elsewhere")]
    [InlineData("a:a name=x ! b:b x. ! b:b", 23, "b:b is used twice (first at column 14); a stage exists once, so it appears once")]
    [InlineData("video0:capture name=v ! gpu0:convert ! v.", 38, "the links form a cycle: video0:capture ! gpu0:convert ! video0:capture")]
    [InlineData("a:a name=x ! x.", 12, "the links form a cycle: a:a ! a:a")]
    [InlineData("a:a name=x ! b:b ! c:c ! x.", 24, "the links form a cycle: a:a ! b:b ! c:c ! a:a")]
    [InlineData("s:s ! t:t c:c name=x ! d:d ! x.", 28, "the links form a cycle: c:c ! d:d ! c:c")]
    [InlineData("x. ! e:e c:c name=x ! d:d ! x.", 27, "the links form a cycle: c:c ! d:d ! c:c")]
    public void A_graph_error_names_the_column_and_the_elements(string text, int column, string problem)
    {
        var e = Assert.Throws<PipelineGraphException>(() => PipelineGraphParser.Parse(text));

        Assert.Equal($"pipeline: column {column}: {problem}", e.Message);
        Assert.Equal(column, e.Column);
        Assert.IsAssignableFrom<BadInputException>(e);
    }

    [Fact]
    public void A_description_from_configuration_names_its_key()
    {
        var e = Assert.Throws<PipelineGraphException>(() => PipelineGraphParser.Parse("a:a ! a:a", "Pipeline:Graph"));

        Assert.Equal("Pipeline:Graph: column 7: a:a is used twice (first at column 1); a stage exists once, so it appears once", e.Message);
    }

    [Fact]
    public void A_graph_built_in_code_is_checked_without_columns()
    {
        GraphElement a = new("a", "a"), b = new("b", "b");

        Assert.Equal("pipeline: the graph has no element",
            Assert.Throws<PipelineGraphException>(() => GraphStructure.Check(new PipelineGraph([], []), "pipeline")).Message);
        Assert.Equal("pipeline: a:a is used twice; a stage exists once, so it appears once",
            Assert.Throws<PipelineGraphException>(() => GraphStructure.Check(new PipelineGraph([a, b, a], []), "pipeline")).Message);
        Assert.Equal("pipeline: b:b already reads from a:a; a stage reads one link, so link a:a elsewhere",
            Assert.Throws<PipelineGraphException>(() => GraphStructure.Check(new PipelineGraph([a, b], [new(0, 1), new(0, 1)]), "pipeline")).Message);
        Assert.Equal("pipeline: name=x is already the label of a:a; a label names one element",
            Assert.Throws<PipelineGraphException>(() => GraphStructure.Check(new PipelineGraph([new("a", "a", "x"), new("b", "b", "x")], []), "pipeline")).Message);
        Assert.Equal("pipeline: the links form a cycle: a:a ! b:b ! a:a",
            Assert.Throws<PipelineGraphException>(() => GraphStructure.Check(new PipelineGraph([a, b], [new(0, 1), new(1, 0)]), "pipeline")).Message);
    }

    [Fact]
    public void A_long_chain_and_a_long_cycle_are_checked_without_deep_recursion()
    {
        const int Count = 10_000;
        var elements = Enumerable.Range(0, Count).Select(i => new GraphElement($"d{i}", "s")).ToArray();
        var chain = Enumerable.Range(1, Count - 1).Select(i => new GraphLink(i - 1, i)).ToArray();

        GraphStructure.Check(new PipelineGraph(elements, chain), "pipeline");
        var e = Assert.Throws<PipelineGraphException>(() => GraphStructure.Check(new PipelineGraph(elements, [.. chain, new GraphLink(Count - 1, 0)]), "pipeline"));
        Assert.Equal("pipeline: the links form a cycle: d0:s ! d1:s ! d2:s ! d3:s ! d4:s ! d5:s ! … ! d9999:s ! d0:s (10000 elements)", e.Message);
    }
}
