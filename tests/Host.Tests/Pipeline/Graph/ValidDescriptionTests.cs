using PluggableDmaBuf.Host.Pipeline.Graph;

namespace PluggableDmaBuf.Host.Tests.Pipeline.Graph;

/// <summary>Every form the grammar allows parses to the graph it means, with the columns where it was written.</summary>
public sealed class ValidDescriptionTests
{
    [Fact]
    public void The_default_chain_is_three_elements_and_two_links()
    {
        var graph = PipelineGraphParser.Parse("video0:capture ! gpu0:convert ! display0:primary");

        Assert.Equal(["video0:capture", "gpu0:convert", "display0:primary"], graph.Elements.Select(e => e.Id));
        Assert.Equal([1, 18, 33], graph.Elements.Select(e => e.Column));
        Assert.Equal([new GraphLink(0, 1), new GraphLink(1, 2)], graph.Links.ToArray());
        Assert.Equal([16, 31], graph.Links.Select(l => l.Column));
        Assert.Equal("video0", graph.Elements[0].Device);
        Assert.Equal("capture", graph.Elements[0].Stage);
        Assert.Null(graph.Elements[0].Label);
        Assert.Empty(graph.Elements[0].Properties);
    }

    [Fact]
    public void A_label_branches_one_producer_to_a_second_consumer()
    {
        var graph = PipelineGraphParser.Parse("video0:capture name=v ! gpu0:convert ! display0:primary v. ! display0:overlay start-at=100");

        Assert.Equal(["video0:capture", "gpu0:convert", "display0:primary", "display0:overlay"], graph.Elements.Select(e => e.Id));
        Assert.Equal("v", graph.Elements[0].Label);
        Assert.Empty(graph.Elements[0].Properties);
        Assert.Equal([new GraphLink(0, 1), new GraphLink(1, 2), new GraphLink(0, 3)], graph.Links.ToArray());
        Assert.Equal(60, graph.Links[2].Column);
        Assert.Equal([new GraphProperty("start-at", "100")], graph.Elements[3].Properties.ToArray());
        Assert.Equal(79, graph.Elements[3].Properties[0].Column);
        Assert.Equal([new GraphLink(0, 1), new GraphLink(0, 3)], graph.OutputsOf(0));
        Assert.Equal(new GraphLink(0, 3), graph.InputOf(3));
        Assert.Null(graph.InputOf(0));
    }

    [Fact]
    public void Values_hold_colons_slashes_and_dots()
    {
        var graph = PipelineGraphParser.Parse("video0:capture source=testpattern:ball ! gpu0:convert matrix=bt709 ! scaler0:down ! checker0:sum");

        Assert.Equal(["video0:capture", "gpu0:convert", "scaler0:down", "checker0:sum"], graph.Elements.Select(e => e.Id));
        Assert.Equal("testpattern:ball", graph.Elements[0].Property("source"));
        Assert.Equal("bt709", graph.Elements[1].Property("matrix"));
        Assert.Null(graph.Elements[1].Property("source"));
        Assert.Equal(3, graph.Links.Length);
    }

    [Theory]
    [InlineData("video0:capture source=\"/tmp/my clip.y4m\"", "/tmp/my clip.y4m")]
    [InlineData("video0:capture source=/tmp/clip.y4m", "/tmp/clip.y4m")]
    [InlineData("video0:capture source=\"say \\\"hi\\\" \\\\o/\"", "say \"hi\" \\o/")]
    [InlineData("video0:capture source='it is \"quoted\" \\n'", "it is \"quoted\" \\n")]
    [InlineData("video0:capture source=\"\"", "")]
    [InlineData("video0:capture source=''", "")]
    [InlineData("video0:capture source=a=b", "a=b")]
    [InlineData("video0:capture source=C:\\clips\\a.y4m", "C:\\clips\\a.y4m")]
    [InlineData("video0:capture source=/tmp/café.y4m", "/tmp/café.y4m")]
    [InlineData("video0:capture source=\"a ! b\"", "a ! b")]
    public void A_value_is_bare_or_quoted(string text, string value)
    {
        var graph = PipelineGraphParser.Parse(text);

        Assert.Equal(value, Assert.Single(graph.Elements).Property("source"));
        Assert.Equal(16, graph.Elements[0].Properties[0].Column);
    }

    [Theory]
    [InlineData("a:b!c:d")]
    [InlineData("a:b ! c:d")]
    [InlineData("  a:b\t!\r\n c:d  ")]
    [InlineData("a:b x=1!c:d")]
    [InlineData("a:b x=\"1\"!c:d")]
    public void Links_need_no_spaces_and_any_blank_separates(string text)
    {
        var graph = PipelineGraphParser.Parse(text);

        Assert.Equal(["a:b", "c:d"], graph.Elements.Select(e => e.Id));
        Assert.Equal([new GraphLink(0, 1)], graph.Links.ToArray());
    }

    [Fact]
    public void A_reference_may_come_before_the_element_it_names()
    {
        var graph = PipelineGraphParser.Parse("v. ! display0:overlay video0:capture name=v");

        Assert.Equal(["display0:overlay", "video0:capture"], graph.Elements.Select(e => e.Id));
        Assert.Equal([new GraphLink(1, 0)], graph.Links.ToArray());
        Assert.Equal(4, graph.Links[0].Column);
    }

    [Fact]
    public void A_chain_may_link_into_a_named_element()
    {
        var graph = PipelineGraphParser.Parse("video0:capture ! d. display0:primary name=d");

        Assert.Equal([new GraphLink(0, 1)], graph.Links.ToArray());
    }

    [Fact]
    public void Two_references_make_a_link()
    {
        var graph = PipelineGraphParser.Parse("a:a name=x b:b name=y x. ! y.");

        Assert.Equal([new GraphLink(0, 1)], graph.Links.ToArray());
    }

    [Fact]
    public void A_reference_inside_a_chain_links_into_and_out_of_its_element()
    {
        var graph = PipelineGraphParser.Parse("a:a ! t. ! c:c b:b name=t");

        Assert.Equal(["a:a", "c:c", "b:b"], graph.Elements.Select(e => e.Id));
        Assert.Equal([new GraphLink(0, 2), new GraphLink(2, 1)], graph.Links.ToArray());
    }

    [Fact]
    public void Unlinked_chains_are_separate_elements()
    {
        var graph = PipelineGraphParser.Parse("a:a b:b");

        Assert.Equal(["a:a", "b:b"], graph.Elements.Select(e => e.Id));
        Assert.Empty(graph.Links);
    }

    [Fact]
    public void Names_take_letters_digits_underscores_and_hyphens()
    {
        var element = Assert.Single(PipelineGraphParser.Parse("_my-dev_1:stage-2 name=L_1-x start-at=5").Elements);

        Assert.Equal("_my-dev_1", element.Device);
        Assert.Equal("stage-2", element.Stage);
        Assert.Equal("L_1-x", element.Label);
        Assert.Equal("5", element.Property("start-at"));
    }

    [Fact]
    public void Properties_keep_the_order_written()
    {
        var element = Assert.Single(PipelineGraphParser.Parse("gpu0:convert range=full name=g matrix=bt709 depth=8").Elements);

        Assert.Equal(["range", "matrix", "depth"], element.Properties.Select(p => p.Name));
        Assert.Equal([14, 32, 45], element.Properties.Select(p => p.Column));
    }

    [Fact]
    public void The_configuration_key_is_only_used_in_messages()
    {
        Assert.Equal(
            PipelineGraphParser.Parse("video0:capture ! gpu0:convert"),
            PipelineGraphParser.Parse("video0:capture ! gpu0:convert", "Pipeline:Graph"));
    }
}
