using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Pipeline.Graph;

namespace PluggableDmaBuf.Host.Tests.Pipeline.Graph;

/// <summary>
/// Against the loaded stages, a graph names only known stages and properties and links only outputs to
/// inputs; each failure is one bad-input line listing what is known and suggesting a near miss.
/// </summary>
public sealed class CatalogCheckTests
{
    private const string Known = "known stages: checker0:sum, display0:overlay, display0:primary, gpu0:convert, scaler0:down, video0:capture";

    [Theory]
    [InlineData("video0:capture ! gpu0:convert ! display0:primary")]
    [InlineData("video0:capture name=v ! gpu0:convert ! display0:primary v. ! display0:overlay start-at=100")]
    [InlineData("video0:capture source=testpattern:ball ! gpu0:convert matrix=bt709 ! scaler0:down ! checker0:sum")]
    [InlineData("video0:capture name=v ! gpu0:convert name=g ! display0:primary g. ! scaler0:down ! checker0:sum v. ! display0:overlay")]
    [InlineData("video0:capture source=\"/tmp/my clip.y4m\" ! gpu0:convert ! display0:primary")]
    [InlineData("video0:capture source='/tmp/a \"quoted\" name.y4m' ! gpu0:convert ! display0:primary")]
    [InlineData("v. ! display0:overlay start-at=10 video0:capture name=v ! gpu0:convert ! display0:primary")]
    [InlineData("video0:capture ! c. gpu0:convert name=c ! display0:primary")]
    public void A_graph_of_known_stages_linked_output_to_input_passes_as_documented(string text)
    {
        GraphCatalogCheck.Check(PipelineGraphParser.Parse(text), TestStageCatalog.Default, "pipeline");
    }

    [Theory]
    [InlineData("video0:captur ! gpu0:convert ! display0:primary", 1, "unknown stage video0:captur (did you mean video0:capture?); " + Known, "video0:capture")]
    [InlineData("video0:capture ! GPU0:Convert ! display0:primary", 18, "unknown stage GPU0:Convert (did you mean gpu0:convert?); " + Known, "gpu0:convert")]
    [InlineData("video0:capture ! gpu0:convert ! display0:primary gpu1:convert ! display0:overlay", 50, "unknown stage gpu1:convert (did you mean gpu0:convert?); " + Known, "gpu0:convert")]
    [InlineData("camera0:grab ! gpu0:convert ! display0:primary", 1, "unknown stage camera0:grab; " + Known, null)]
    public void An_unknown_stage_lists_the_known_ones_and_suggests_a_near_one(string text, int column, string problem, string? suggestion)
    {
        var e = Assert.Throws<UnknownStageException>(() => GraphCatalogCheck.Check(PipelineGraphParser.Parse(text), TestStageCatalog.Default, "pipeline"));

        Assert.Equal($"pipeline: column {column}: {problem}", e.Message);
        Assert.Equal(column, e.Column);
        Assert.Equal(suggestion, e.Suggestion);
        Assert.Equal(e.Id, $"{e.Device}:{e.Stage}");
        Assert.IsAssignableFrom<BadInputException>(e);
    }

    [Fact]
    public void An_unknown_stage_with_nothing_loaded_says_so()
    {
        var empty = new TestStageCatalog(new Dictionary<string, StageShape>());

        var e = Assert.Throws<UnknownStageException>(() => GraphCatalogCheck.Check(PipelineGraphParser.Parse("video0:capture", "Pipeline:Graph"), empty, "Pipeline:Graph"));

        Assert.Equal("Pipeline:Graph: column 1: unknown stage video0:capture; no stage is loaded", e.Message);
        Assert.Equal("video0", e.Device);
    }

    [Theory]
    [InlineData("video0:capture ! gpu0:convert matirx=bt709 ! display0:primary", 31, "gpu0:convert has no property matirx (did you mean matrix?); its properties: matrix, range")]
    [InlineData("video0:capture ! gpu0:convert colour=x ! display0:primary", 31, "gpu0:convert has no property colour; its properties: matrix, range")]
    [InlineData("video0:capture ! display0:primary x=1", 35, "display0:primary has no property x; it has no properties")]
    [InlineData("video0:capture ! display0:primary start-at=3", 35, "display0:primary has no property start-at; it has no properties")]
    [InlineData("video0:capture ! display0:primary ! gpu0:convert", 35, "display0:primary produces nothing, so nothing can follow it")]
    [InlineData("gpu0:convert ! video0:capture", 14, "video0:capture takes no input, so it cannot follow gpu0:convert")]
    [InlineData("gpu0:convert ! display0:primary", 1, "gpu0:convert reads frames, but nothing links into it (write it after a producer and '!')")]
    [InlineData("video0:capture ! display0:primary display0:overlay start-at=10", 35, "display0:overlay reads frames, but nothing links into it (write it after a producer and '!')")]
    public void A_property_or_link_that_does_not_fit_the_stage_is_named(string text, int column, string problem)
    {
        var e = Assert.Throws<PipelineGraphException>(() => GraphCatalogCheck.Check(PipelineGraphParser.Parse(text), TestStageCatalog.Default, "pipeline"));

        Assert.Equal($"pipeline: column {column}: {problem}", e.Message);
        Assert.Equal(column, e.Column);
    }

    [Fact]
    public void Unknown_stages_are_reported_before_property_and_link_errors()
    {
        var graph = PipelineGraphParser.Parse("video0:capture matirx=1 ! display0:primary ! gpu9:convert");

        var e = Assert.Throws<UnknownStageException>(() => GraphCatalogCheck.Check(graph, TestStageCatalog.Default, "pipeline"));

        Assert.Equal("gpu9:convert", e.Id);
    }
}
