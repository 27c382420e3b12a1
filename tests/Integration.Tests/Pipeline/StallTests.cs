using PluggableDmaBuf.Integration.Tests.Pipeline.Support;
using PluggableDmaBuf.Integration.Tests.Plugins;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// A stage that never finishes a frame (probe0:hang) never releases its buffer, so its producer,
/// waiting to write it again, stalls: the run's stall watcher follows the waits to the stage that
/// holds everything up without itself waiting, reports the waiting stage, the buffer and link it
/// waited for and that holder, exits with 1, and releases every buffer. With a stage in between, the
/// capture (waiting on gpu0) is not blamed: gpu0 waits on probe0:hang, which waits on nothing.
/// </summary>
public sealed class StallTests : IDisposable
{
    private readonly RunFolder _folder = new();
    private readonly PluginFolder _fixtures = new PluginFolder().With("Fixture.Stages");

    [Theory]
    [InlineData("video0:capture", "video0:capture", "probe0:hang")]
    [InlineData("gpu0:convert", "video0:capture", "gpu0:convert", "probe0:hang")]
    public void A_hanging_stage_is_reported_as_a_stall_with_no_leak(string waiting, params string[] stages)
    {
        var config = _folder.Config($$"""
            { "Pipeline": { "Graph": "{{string.Join(" ! ", stages)}}", "StallTimeoutSeconds": 0.3 } }
            """);

        var run = CliResult.Run(_folder, "--plugins", _fixtures.Path, "--config", config, "--frames", "10", "--size", "64x48",
            "--report", _folder.Report);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Matches(
            $@"^pipeline stalled: {waiting} waited [0-9]+(\.[0-9]+)? s for buffer #0 of link {waiting}\u2192probe0:hang, whose probe0:hang has not finished frame 0$",
            line);
        var report = RunReportView.Load(_folder.Report);
        Assert.Equal(0, report.Frames);
        Assert.Equal(0, report.Leaks);
    }

    public void Dispose()
    {
        _fixtures.Dispose();
        _folder.Dispose();
    }
}
