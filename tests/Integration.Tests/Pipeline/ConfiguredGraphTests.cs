using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// Pipeline:Graph in a config file is the whole pipeline; a config file without it keeps the default
/// pipeline, and the run command's argument replaces both.
/// </summary>
public sealed class ConfiguredGraphTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Fact]
    public void A_graph_in_a_config_file_is_the_whole_pipeline()
    {
        var config = _folder.Config("""{ "Pipeline": { "Graph": "video0:capture ! display0:overlay" } }""");

        var report = CliResult.Run(_folder, "--config", config, "--frames", "4", "--size", "256x144").Succeeded();

        Assert.All(report.Buffers, b => Assert.StartsWith("video0:capture\u2192display0:overlay #", b.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.Equal(["display0:overlay crc-uv", "display0:overlay crc-y"], report.ValueNames);
        Assert.Equal(4, report.Frames);
        Assert.Equal(0, report.Leaks);
    }

    [Fact]
    public void A_config_file_without_a_graph_keeps_the_default_pipeline()
    {
        var config = _folder.Config("""{ "Pipeline": { "Frames": 2 } }""");

        var report = CliResult.Run(_folder, "--config", config, "--size", "64x48").Succeeded();

        Assert.Equal(2, report.Frames);
        Assert.Equal(["display0:primary crc"], report.ValueNames);
        Assert.Equal(["video0:capture\u2192gpu0:convert", "gpu0:convert\u2192display0:primary"],
            report.Buffers.Select(b => b.GetProperty("name").GetString()![..^3]).Distinct());
    }

    [Fact]
    public void The_argument_replaces_the_configured_graph()
    {
        var config = _folder.Config("""{ "Pipeline": { "Graph": "video0:capture ! display0:overlay" } }""");

        var report = CliResult.Run(_folder, "video0:capture ! gpu0:convert ! display0:primary", "--config", config,
            "--frames", "2", "--size", "64x48").Succeeded();

        Assert.Equal(["display0:primary crc"], report.ValueNames);
    }

    public void Dispose() => _folder.Dispose();
}
