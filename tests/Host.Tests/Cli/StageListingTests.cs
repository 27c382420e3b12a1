using Microsoft.Extensions.DependencyInjection;
using Moq;
using PluggableDmaBuf.Host.Tests.Cli.Support;

namespace PluggableDmaBuf.Host.Tests.Cli;

/// <summary>Listing a stage reads its declarations from an instance made through the host's services, and does nothing else with it.</summary>
public sealed class StageListingTests
{
    private static readonly DeviceDescription s_device = StageListingsHarness.Device("probe0");

    [Fact]
    public async Task Every_declaration_is_read_and_the_stage_is_never_configured_or_started()
    {
        var exporter = new Mock<DmaBufExporter>("probe0-exporter").Object;
        var matrix = StageProperty.Choice("matrix", ["auto", "bt709"], "auto", "the matrix");
        var crc = new StageValue("crc", StageValueFormat.Hex32, "CRC-32 of the frame");
        var stage = new Mock<PipelineStage>(MockBehavior.Strict, "convert", s_device);
        stage.SetupGet(s => s.Description).Returns("Converts frames.");
        stage.SetupGet(s => s.Input).Returns(new StagePort(s_device, ["probe"], [new FormatSupport(PixelFormat.NV12)]));
        stage.SetupGet(s => s.Output).Returns(new StagePort(s_device, ["probe"], [new FormatSupport(PixelFormat.XR24)]));
        stage.SetupGet(s => s.Properties).Returns([matrix]);
        stage.SetupGet(s => s.Values).Returns([crc]);
        stage.SetupGet(s => s.OutputExporter).Returns(exporter);

        var (_, catalog) = await StageListingsHarness.ReadAsync(("Probe", s =>
        {
            s.AddDmaBufDevice(s_device, DeviceRoles.Importer | DeviceRoles.Exporter);
            s.AddTransient(_ => stage.Object);
        }));

        var listing = Assert.Single(catalog.Stages);
        Assert.Null(listing.Error);
        Assert.Equal("probe0:convert", listing.Id);
        Assert.Equal("transform", listing.Kind);
        Assert.Equal("Converts frames.", listing.Description);
        Assert.Equal([PixelFormat.NV12], listing.Input!.Formats.Select(f => f.Format));
        Assert.Equal([FormatSupport.Linear], listing.Output!.ModifiersFor(PixelFormat.XR24));
        Assert.Same(matrix, Assert.Single(listing.Properties));
        Assert.Same(crc, Assert.Single(listing.Values));
        Assert.True(listing.OwnExporter);
        Assert.Equal(DeviceRoles.Importer | DeviceRoles.Exporter, listing.Device!.Roles);

        // Strict: any call besides the declarations (Configure, ResolveOutput, Start, ProcessFrame, Complete) would have thrown.
        stage.VerifyGet(s => s.OutputExporter, Times.Once);
        stage.VerifyGet(s => s.Input, Times.Once);
    }

    [Fact]
    public async Task A_stage_type_is_created_by_constructor_injection_once_and_disposed()
    {
        var probe = new StageProbe(s_device);

        var (_, catalog) = await StageListingsHarness.ReadAsync(("Probe", s =>
        {
            s.AddDmaBufDevice(s_device, DeviceRoles.Importer);
            s.AddSingleton(probe);
            s.AddPipelineStage<ProbeStage>();
        }));

        var listing = Assert.Single(catalog.Stages);
        Assert.Null(listing.Error);
        Assert.Equal(("probe0:probe", "sink", typeof(ProbeStage).FullName), (listing.Id, listing.Kind, listing.TypeName));
        Assert.False(listing.OwnExporter);
        Assert.Equal((1, 0, 1), (probe.Created, probe.Configured, probe.Disposed));
    }

    [Fact]
    public async Task A_registered_instance_belongs_to_the_host_and_is_not_disposed()
    {
        var probe = new StageProbe(s_device);

        var (_, catalog) = await StageListingsHarness.ReadAsync(("Probe", s =>
        {
            s.AddDmaBufDevice(s_device, DeviceRoles.Importer);
            s.AddSingleton<PipelineStage>(new ProbeStage(probe));
        }));

        Assert.Null(Assert.Single(catalog.Stages).Error);
        Assert.Equal((1, 0, 0), (probe.Created, probe.Configured, probe.Disposed));
    }

    [Fact]
    public async Task Stages_are_listed_per_plugin_in_registration_order()
    {
        var (set, catalog) = await StageListingsHarness.ReadAsync(
            ("A", s =>
            {
                s.AddDmaBufDevice(StageListingsHarness.Device("a0"), DeviceRoles.Exporter);
                s.AddTransient(_ => Source("a0", "two"));
                s.AddTransient(_ => Source("a0", "one"));
            }),
            ("B", s =>
            {
                s.AddDmaBufDevice(StageListingsHarness.Device("b0"), DeviceRoles.Exporter);
                s.AddTransient(_ => Source("b0", "only"));
            }));

        Assert.Equal(["a0:two", "a0:one"], catalog.Of(set.Plugins[0]).Select(s => s.Id));
        Assert.Equal(["b0:only"], catalog.Of(set.Plugins[1]).Select(s => s.Id));
        Assert.Equal(["a0:two", "a0:one", "b0:only"], catalog.UsableIds);
    }

    internal static PipelineStage Source(string device, string name)
    {
        var stage = new Mock<PipelineStage>(name, StageListingsHarness.Device(device)) { CallBase = true };
        stage.SetupGet(s => s.Output).Returns(new StagePort(StageListingsHarness.Device(device), ["probe"]));
        return stage.Object;
    }
}
