using PluggableDmaBuf.Host.Configuration;
using PluggableDmaBuf.Host.Tests.Cli;

namespace PluggableDmaBuf.Host.Tests.Configuration;

/// <summary>
/// The pipeline is one string, Pipeline:Graph: the embedded default is the capture → GPU → display
/// pipeline, and a config file or an override replaces it whole. The retired chain settings are
/// refused as unknown settings.
/// </summary>
public sealed class GraphSettingTests
{
    private static readonly Dictionary<string, string?> s_none = new(StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void The_embedded_default_pipeline_is_capture_convert_display()
    {
        var options = Bind(SettingsLoader.Build(null, s_none));

        Assert.Equal("video0:capture ! gpu0:convert ! display0:primary", options.Graph);
        Assert.Null(options.Source);
        Assert.Null(options.SnapshotEvery);
    }

    [Fact]
    public void A_graph_in_a_config_file_replaces_the_default()
    {
        var config = CliRun.TempJson("""{ "Pipeline": { "Graph": "video0:capture ! display0:overlay", "Frames": 7 } }""");
        try
        {
            var options = Bind(SettingsLoader.Build(config, s_none));

            Assert.Equal("video0:capture ! display0:overlay", options.Graph);
            Assert.Equal(7, options.Frames);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public void An_override_replaces_the_configured_graph()
    {
        var config = CliRun.TempJson("""{ "Pipeline": { "Graph": "video0:capture ! display0:overlay" } }""");
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["Pipeline:Graph"] = "video0:capture ! display0:primary" };
        try
        {
            Assert.Equal("video0:capture ! display0:primary", Bind(SettingsLoader.Build(config, overrides)).Graph);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Theory]
    [InlineData("Stages")]
    [InlineData("Preview")]
    [InlineData("Matrix")]
    public void A_retired_chain_setting_is_an_unknown_setting(string key)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { [$"Pipeline:{key}"] = "x" };

        var error = Assert.ThrowsAny<PluggableDmaBuf.Host.Errors.BadInputException>(() => SettingsSchema.ForHost().Check(SettingsLoader.Build(null, overrides)));

        Assert.StartsWith($"Pipeline:{key}: unknown setting (expected one of: Graph, ", error.Message, StringComparison.Ordinal);
    }

    private static PipelineOptions Bind(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        SettingsLoader.Bind<PipelineOptions>(configuration, PipelineOptions.Section);
}
