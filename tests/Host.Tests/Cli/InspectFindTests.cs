using Microsoft.Extensions.DependencyInjection;
using PluggableDmaBuf.Host.Cli;
using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Plugins;
using PluggableDmaBuf.Host.Tests.Cli.Support;

namespace PluggableDmaBuf.Host.Tests.Cli;

/// <summary>
/// Which stage <c>pdmabuf inspect ID</c> shows, and the error otherwise: an unknown id is bad input (exit 2) listing the
/// known ids with the near miss; a stage of a plugin that failed, or that cannot be created, is a plugin failure (exit 4).
/// </summary>
public sealed class InspectFindTests
{
    [Fact]
    public async Task A_known_stage_is_found()
    {
        var (set, catalog) = await Two();

        Assert.Equal("gpu0:convert", InspectCommand.Find(catalog, set, "gpu0:convert").Id);
    }

    [Theory]
    [InlineData("gpu0:convrt", "gpu0:convrt: no such stage (did you mean gpu0:convert?); known stages: video0:capture, gpu0:convert")]
    [InlineData("GPU0:convert", "GPU0:convert: no such stage (did you mean gpu0:convert?); known stages: video0:capture, gpu0:convert")]
    [InlineData("gpu0", "gpu0: no such stage (did you mean gpu0:convert?); known stages: video0:capture, gpu0:convert")]
    [InlineData("audio0:mix", "audio0:mix: no such stage; known stages: video0:capture, gpu0:convert")]
    public async Task An_unknown_stage_is_bad_input_with_the_known_ones(string id, string message)
    {
        var (set, catalog) = await Two();

        var error = Assert.Throws<BadInputException>(() => InspectCommand.Find(catalog, set, id));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public async Task A_stage_of_a_plugin_that_failed_names_the_plugin_and_its_error()
    {
        var (set, catalog) = await StageListingsHarness.ReadAsync(
            ("Video", s =>
            {
                s.AddDmaBufDevice(StageListingsHarness.Device("video0"), DeviceRoles.Exporter);
                s.AddTransient(_ => StageListingTests.Source("video0", "capture"));
            }),
            ("Codec", s =>
            {
                s.AddDmaBufDevice(StageListingsHarness.Device("codec0"), DeviceRoles.Importer);
                throw new InvalidOperationException("no firmware");
            }));

        var error = Assert.Throws<PluginFailureException>(() => InspectCommand.Find(catalog, set, "codec0:decode"));

        Assert.Equal("Codec", error.Plugin);
        Assert.Equal("stage codec0:decode: plugin Codec (/plugins/Codec), which registers codec0, failed to load: " +
            "IDmaBufPluginProxy.ConfigureServices threw InvalidOperationException: no firmware", error.Message);
        Assert.EndsWith("plugins that failed to load: Codec (see pdmabuf plugins)",
            Assert.Throws<BadInputException>(() => InspectCommand.Find(catalog, set, "audio0:mix")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stage_that_cannot_be_created_or_used_is_a_plugin_failure()
    {
        var (set, catalog) = await StageListingsHarness.ReadAsync(("Probe", s =>
        {
            s.AddDmaBufDevice(StageListingsHarness.Device("probe0"), DeviceRoles.Exporter);
            s.AddPipelineStage<ThrowingConstructorStage>();
            s.AddTransient(_ => StageListingTests.Source("probe0", "capture"));
            s.AddTransient(_ => StageListingTests.Source("probe0", "capture"));
        }));

        var unknown = Assert.Throws<PluginFailureException>(() => InspectCommand.Find(catalog, set, "probe0:ctor"));
        Assert.Equal("stage probe0:ctor is not among the stages of plugin Probe (/plugins/Probe) that could be created; " +
            "ThrowingConstructorStage constructor threw InvalidOperationException: the firmware table is missing", unknown.Message);

        // The first registration of probe0:capture is usable; the duplicate does not hide it.
        Assert.Null(InspectCommand.Find(catalog, set, "probe0:capture").Error);
    }

    [Fact]
    public async Task A_stage_whose_declarations_fail_is_a_plugin_failure_naming_it()
    {
        var (set, catalog) = await StageListingsHarness.ReadAsync(("Probe", s =>
        {
            s.AddDmaBufDevice(StageListingsHarness.Device("probe0"), DeviceRoles.Exporter);
            s.AddTransient(_ => StageListingTests.Source("other0", "capture"));
        }));

        var error = Assert.Throws<PluginFailureException>(() => InspectCommand.Find(catalog, set, "other0:capture"));

        Assert.Equal("stage other0:capture of plugin Probe (/plugins/Probe) cannot be used: " +
            "stage other0:capture runs on device other0, which plugin Probe does not register", error.Message);
    }

    private static Task<(PluginSet Plugins, StageListings Catalog)> Two() => StageListingsHarness.ReadAsync(
        ("Video", s =>
        {
            s.AddDmaBufDevice(StageListingsHarness.Device("video0"), DeviceRoles.Exporter);
            s.AddTransient(_ => StageListingTests.Source("video0", "capture"));
        }),
        ("Gpu", s =>
        {
            s.AddDmaBufDevice(StageListingsHarness.Device("gpu0"), DeviceRoles.Exporter);
            s.AddTransient(_ => StageListingTests.Source("gpu0", "convert"));
        }));
}
