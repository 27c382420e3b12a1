using PluggableDmaBuf.Integration.Tests.Pipeline.Support;
using PluggableDmaBuf.Integration.Tests.Plugins;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// A stage that never finishes a frame (probe0:hang) never signals its read fence, so its producer,
/// waiting to write the buffer again, times out (design §5): the run reports a stall naming the
/// waiting stage and the timeline of the fence that was never signalled, exits with 1, and releases
/// every buffer.
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
            { "Pipeline": { "Stages": [ {{string.Join(", ", stages.Select(s => $"\"{s}\""))}} ], "StallTimeoutSeconds": 0.3 } }
            """);

        var run = CliResult.Run(_folder, "--plugins", _fixtures.Path, "--config", config, "--frames", "10", "--size", "64x48",
            "--report", _folder.Report);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Matches(
            $@"^pipeline stalled: {waiting} waited for {waiting}\u2192probe0:hang #0: Timed out after [0-9.]+ ms waiting for fence probe0:hang#[0-9]+ \(timeline 'probe0:hang', context [0-9]+\): it was never signalled\.$",
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
