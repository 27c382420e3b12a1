using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// Pipeline:Stages in a config file replaces the embedded default list rather than merging with it
/// element by element: two stages given means a two-stage pipeline, not the default's third stage
/// tacked on.
/// </summary>
public sealed class ConfiguredStagesTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Fact]
    public void A_shorter_stage_list_in_a_config_file_is_the_whole_pipeline()
    {
        var config = _folder.Config("""{ "Pipeline": { "Stages": [ "video0:capture", "display0:overlay" ] } }""");

        var report = CliResult.Run(_folder, "--config", config, "--frames", "4", "--size", "256x144").Succeeded();

        Assert.All(report.Buffers, b => Assert.StartsWith("video0:capture\u2192display0:overlay #", b.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.Equal(["display0.overlay.uv", "display0.overlay.y"], report.Planes);
        Assert.Equal(4, report.Frames);
        Assert.Equal(0, report.Leaks);
    }

    [Fact]
    public void A_config_file_without_stages_keeps_the_default_pipeline()
    {
        var config = _folder.Config("""{ "Pipeline": { "Frames": 2 } }""");

        var report = CliResult.Run(_folder, "--config", config, "--size", "64x48").Succeeded();

        Assert.Equal(2, report.Frames);
        Assert.Equal(["display0.primary"], report.Planes);
        Assert.Equal(["video0:capture\u2192gpu0:convert", "gpu0:convert\u2192display0:primary"],
            report.Buffers.Select(b => b.GetProperty("name").GetString()![..^3]).Distinct());
    }

    public void Dispose() => _folder.Dispose();
}
