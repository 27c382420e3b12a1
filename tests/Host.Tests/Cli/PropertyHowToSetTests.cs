using Microsoft.Extensions.DependencyInjection;
using Moq;
using PluggableDmaBuf.Host.Cli;
using PluggableDmaBuf.Host.Tests.Cli.Support;

namespace PluggableDmaBuf.Host.Tests.Cli;

/// <summary>How <c>pdmabuf inspect</c> says to set a property: an example that parses, and its configuration key.</summary>
public sealed class PropertyHowToSetTests
{
    public static TheoryData<StageProperty, string> Examples => new()
    {
        { StageProperty.Choice("matrix", ["auto", "bt601", "bt709"], "auto", "m"), "probe0:convert matrix=bt709" },
        { StageProperty.Choice("range", ["full", "limited"], "limited", "r"), "probe0:convert range=full" },
        { StageProperty.Choice("only", ["one"], "one", "o"), "probe0:convert only=one" },
        { StageProperty.Boolean("loop", false, "l"), "probe0:convert loop=true" },
        { StageProperty.Boolean("sync", true, "s"), "probe0:convert sync=false" },
        { StageProperty.Int32("snapshot-every", 0, "n", 0, 100), "probe0:convert snapshot-every=0" },
        { StageProperty.String("source", "my clip.y4m", "f"), "probe0:convert source=\"my clip.y4m\"" },
        { StageProperty.String("label", "", "t", allowEmpty: true), "probe0:convert label=\"\"" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task The_example_sets_a_value_the_property_accepts(StageProperty property, string example)
    {
        var listing = await Listing(property);

        Assert.Equal(example, StageOutput.Example(listing, property));
        var value = example[(example.IndexOf('=', StringComparison.Ordinal) + 1)..].Trim('"');
        _ = property.ParseValue(value);
    }

    [Fact]
    public async Task The_configuration_key_is_plugin_device_stage_property()
    {
        var matrix = StageProperty.Choice("matrix", ["auto", "bt709"], "auto", "m");

        Assert.Equal("Plugins:Probe:probe0:convert:matrix", StageOutput.ConfigurationKey(await Listing(matrix), matrix));
    }

    private static async Task<StageListing> Listing(StageProperty property)
    {
        var device = StageListingsHarness.Device("probe0");
        var stage = new Mock<PipelineStage>("convert", device) { CallBase = true };
        stage.SetupGet(s => s.Input).Returns(new StagePort(device, ["probe"]));
        stage.SetupGet(s => s.Properties).Returns([property]);
        var (_, catalog) = await StageListingsHarness.ReadAsync(("Probe", s =>
        {
            s.AddDmaBufDevice(device, DeviceRoles.Importer);
            s.AddTransient(_ => stage.Object);
        }));
        return Assert.Single(catalog.Stages);
    }
}
