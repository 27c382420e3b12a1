using PluggableDmaBuf.Host.Pipeline.Graph;

namespace PluggableDmaBuf.Host.Tests.Pipeline.Graph;

/// <summary>The graph types hold only what the language can write, compare by meaning, and print canonically.</summary>
public sealed class GraphAstTests
{
    [Theory]
    [InlineData("video0", "")]
    [InlineData("video 0", "capture")]
    [InlineData("0video", "capture")]
    [InlineData("video0", "cap.ture")]
    public void An_element_names_a_device_and_a_stage_the_language_can_write(string device, string stage)
    {
        Assert.Throws<ArgumentException>(() => new GraphElement(device, stage));
    }

    [Fact]
    public void An_element_rejects_what_a_description_could_not_say()
    {
        Assert.Throws<ArgumentException>(() => new GraphElement("a", "b", label: "my label"));
        Assert.Throws<ArgumentException>(() => new GraphElement("a", "b", properties: [new("x", "1"), new("x", "2")]));
        Assert.Throws<ArgumentException>(() => new GraphProperty("name", "v"));
        Assert.Throws<ArgumentException>(() => new GraphProperty("x", "line\nbreak"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PipelineGraph([new GraphElement("a", "b")], [new GraphLink(0, 1)]));
    }

    [Fact]
    public void Equality_is_what_is_described_not_where_it_was_written()
    {
        var written = PipelineGraphParser.Parse("  a:b   x=1 !   c:d");
        var built = new PipelineGraph([new GraphElement("a", "b", null, [new("x", "1")]), new GraphElement("c", "d")], [new GraphLink(0, 1)]);

        Assert.Equal(built, written);
        Assert.Equal(built.GetHashCode(), written.GetHashCode());
        Assert.NotEqual(built, PipelineGraphParser.Parse("a:b x=2 ! c:d"));
        Assert.NotEqual(built, PipelineGraphParser.Parse("a:b name=l x=1 ! c:d"));
        Assert.NotEqual(built, PipelineGraphParser.Parse("a:b x=1 c:d"));
    }

    [Theory]
    [InlineData("video0:capture ! gpu0:convert ! display0:primary", "video0:capture ! gpu0:convert ! display0:primary")]
    [InlineData("video0:capture name=v!gpu0:convert ! display0:primary v. ! display0:overlay start-at=100",
        "video0:capture name=v ! gpu0:convert ! display0:primary v. ! display0:overlay start-at=100")]
    [InlineData("video0:capture source='/tmp/my clip.y4m'", "video0:capture source=\"/tmp/my clip.y4m\"")]
    [InlineData("a:b x=\"plain\" y=\"\" z='say \"hi\" \\'", "a:b x=plain y=\"\" z=\"say \\\"hi\\\" \\\\\"")]
    [InlineData("a:b x=\"a!b\"", "a:b x=\"a!b\"")]
    [InlineData("v. ! c:d a:b name=v", "v. ! c:d a:b name=v")]
    [InlineData("a:b name=v c:d name=c v. ! c.", "a:b name=v ! c:d name=c")]
    public void The_printer_writes_the_canonical_form(string text, string canonical)
    {
        Assert.Equal(canonical, PipelineGraphParser.Parse(text).ToString());
    }

    [Fact]
    public void The_printer_labels_an_unlabelled_element_it_must_refer_to_without_taking_a_used_label()
    {
        var graph = new PipelineGraph(
            [new GraphElement("video0", "capture"), new GraphElement("gpu0", "convert", "video0"), new GraphElement("display0", "overlay")],
            [new GraphLink(0, 2)]);

        Assert.Equal("video0:capture name=video0-2 gpu0:convert name=video0 video0-2. ! display0:overlay", graph.ToString());
    }

    [Fact]
    public void A_branch_added_in_code_is_what_its_description_would_parse_to()
    {
        var graph = PipelineGraphParser.Parse("video0:capture ! gpu0:convert ! display0:primary")
            .WithBranch(0, new GraphElement("display0", "overlay", properties: [new("start-at", "100")]));

        GraphStructure.Check(graph, "pipeline");
        Assert.Equal("video0:capture name=video0 ! gpu0:convert ! display0:primary video0. ! display0:overlay start-at=100", graph.ToString());
        Assert.Equal(new GraphLink(0, 3), graph.InputOf(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => graph.WithBranch(4, new GraphElement("x", "y")));
    }
}
