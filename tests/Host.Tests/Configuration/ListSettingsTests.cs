using PluggableDmaBuf.Host.Configuration;
using PluggableDmaBuf.Host.Tests.Cli;

namespace PluggableDmaBuf.Host.Tests.Configuration;

/// <summary>
/// A list setting given by the user (config file, environment or command line) replaces the embedded
/// default list; layered configuration alone would merge the two element by element.
/// </summary>
public sealed class ListSettingsTests
{
    private static readonly Dictionary<string, string?> s_none = new(StringComparer.OrdinalIgnoreCase);

    [Fact]
    public void The_embedded_default_pipeline_has_three_stages()
    {
        var options = Bind(SettingsLoader.Build(null, s_none));

        Assert.Equal(["video0:capture", "gpu0:convert", "display0:primary"], options.Stages);
    }

    [Fact]
    public void A_shorter_list_in_a_config_file_replaces_the_default_list()
    {
        var config = CliRun.TempJson("""{ "Pipeline": { "Stages": [ "video0:capture", "display0:overlay" ], "Frames": 7 } }""");
        try
        {
            var options = Bind(SettingsLoader.Build(config, s_none));

            Assert.Equal(["video0:capture", "display0:overlay"], options.Stages);
            Assert.Equal(7, options.Frames);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public void A_config_file_without_the_list_keeps_the_default_list()
    {
        var config = CliRun.TempJson("""{ "Pipeline": { "Frames": 7 } }""");
        try
        {
            Assert.Equal(3, Bind(SettingsLoader.Build(config, s_none)).Stages.Count);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public void A_list_from_the_command_line_replaces_the_default_list()
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Pipeline:Stages:0"] = "video0:capture",
            ["Pipeline:Stages:1"] = "display0:overlay",
        };

        Assert.Equal(["video0:capture", "display0:overlay"], Bind(SettingsLoader.Build(null, overrides)).Stages);
    }

    private static PipelineOptions Bind(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        SettingsLoader.Bind<PipelineOptions>(configuration, PipelineOptions.Section);
}
