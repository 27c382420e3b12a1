using Microsoft.Extensions.DependencyInjection;
using Moq;
using PluggableDmaBuf.Host.Cli;
using PluggableDmaBuf.Host.Plugins;
using PluggableDmaBuf.Host.Tests.Cli.Support;

namespace PluggableDmaBuf.Host.Tests.Cli;

/// <summary>A stage that throws or cannot work is listed with its error, in one line; the other stages are unaffected.</summary>
public sealed class BrokenStageListingTests
{
    private static readonly DeviceDescription s_device = StageListingsHarness.Device("probe0");

    [Fact]
    public async Task A_throwing_constructor_is_listed_by_type_and_the_next_stage_still_reads()
    {
        var (_, catalog) = await Read(s =>
        {
            s.AddPipelineStage<ThrowingConstructorStage>();
            s.AddTransient(_ => StageListingTests.Source("probe0", "good"));
        });

        var broken = catalog.Stages[0];
        Assert.Null(broken.Id);
        Assert.Null(broken.Kind);
        Assert.Equal(typeof(ThrowingConstructorStage).FullName, broken.Label);
        Assert.Equal("ThrowingConstructorStage constructor threw InvalidOperationException: the firmware table is missing", broken.Error);
        Assert.Equal(["probe0:good"], catalog.UsableIds);
    }

    [Fact]
    public async Task A_throwing_declaration_names_the_member_and_keeps_the_id()
    {
        var stage = new Mock<PipelineStage>("props", s_device) { CallBase = true };
        stage.SetupGet(s => s.Input).Returns(new StagePort(s_device, ["probe"]));
        stage.SetupGet(s => s.Properties).Throws(new InvalidOperationException("property table\nnot loaded"));

        var (_, catalog) = await Read(s => s.AddTransient(_ => stage.Object));

        var listing = Assert.Single(catalog.Stages);
        Assert.Equal("probe0:props", listing.Id);
        Assert.StartsWith("PipelineStageProxy", listing.Error, StringComparison.Ordinal);
        Assert.EndsWith(".Properties threw InvalidOperationException: property table not loaded", listing.Error, StringComparison.Ordinal);
        Assert.Empty(catalog.UsableIds);
    }

    [Fact]
    public async Task A_stage_without_ports_is_unusable()
    {
        var (_, catalog) = await Read(s => s.AddTransient(_ => new Mock<PipelineStage>("idle", s_device) { CallBase = true }.Object));

        Assert.Equal("stage probe0:idle declares neither an input nor an output, so no pipeline can use it", Assert.Single(catalog.Stages).Error);
    }

    [Fact]
    public async Task A_stage_on_a_device_its_plugin_does_not_register_is_unusable()
    {
        var (_, catalog) = await Read(s => s.AddTransient(_ => StageListingTests.Source("elsewhere0", "capture")));

        Assert.Equal("stage elsewhere0:capture runs on device elsewhere0, which plugin Probe does not register", Assert.Single(catalog.Stages).Error);
    }

    [Fact]
    public async Task A_property_declared_twice_is_unusable()
    {
        var stage = new Mock<PipelineStage>("twice", s_device) { CallBase = true };
        stage.SetupGet(s => s.Output).Returns(new StagePort(s_device, ["probe"]));
        stage.SetupGet(s => s.Properties).Returns([StageProperty.Boolean("loop", false, "a"), StageProperty.Int32("loop", 1, "b")]);

        var (_, catalog) = await Read(s => s.AddTransient(_ => stage.Object));

        Assert.Equal("stage probe0:twice declares property 'loop' twice", Assert.Single(catalog.Stages).Error);
    }

    [Fact]
    public async Task The_second_registration_of_one_id_is_the_broken_one()
    {
        var (_, catalog) = await Read(s =>
        {
            s.AddTransient(_ => StageListingTests.Source("probe0", "capture"));
            s.AddTransient(_ => StageListingTests.Source("probe0", "capture"));
        });

        Assert.Null(catalog.Stages[0].Error);
        Assert.Equal("stage probe0:capture is registered twice", catalog.Stages[1].Error);
        Assert.Equal(["probe0:capture"], catalog.UsableIds);
    }

    private static Task<(PluginSet Plugins, StageListings Catalog)> Read(Action<IServiceCollection> stages) =>
        StageListingsHarness.ReadAsync(("Probe", s =>
        {
            s.AddDmaBufDevice(s_device, DeviceRoles.Exporter | DeviceRoles.Importer);
            stages(s);
        }));
}
