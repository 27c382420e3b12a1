using PluggableDmaBuf.Integration.Tests.Pipeline.Support;
using PluggableDmaBuf.Integration.Tests.Plugins;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// A stage throws in the middle of a run (probe0:fail, at frame 3): the run stops, exit code 1 with
/// one line carrying the stage's error, and every buffer is released. The report is still written —
/// it says how far the run got.
/// </summary>
public sealed class StageFailureTests : IDisposable
{
    private readonly RunFolder _folder = new();
    private readonly PluginFolder _fixtures = new PluginFolder().With("Fixture.Stages");

    [Theory]
    [InlineData("video0:capture", "probe0:fail")]
    [InlineData("video0:capture", "gpu0:convert", "probe0:fail")]
    public void A_failing_stage_stops_the_run_with_exit_code_1_and_no_leak(params string[] stages)
    {
        var config = _folder.Config($$"""{ "Pipeline": { "Graph": "{{string.Join(" ! ", stages)}}" } }""");

        var run = CliResult.Run(_folder, "--plugins", _fixtures.Path, "--config", config, "--frames", "10", "--size", "64x48",
            "--report", _folder.Report);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["stage probe0:fail failed: InvalidOperationException: probe0 lost its sync at frame 3"], run.ErrorLines);
        var report = run.Report();
        Assert.Equal(3, report.Frames);
        Assert.Equal(0, report.Leaks);
        Assert.Equal(stages.Length - 1, report.Buffers.Select(b => b.GetProperty("name").GetString()![..^3]).Distinct().Count());
        var written = RunReportView.Load(_folder.Report);
        Assert.Equal(3, written.Frames);
        Assert.Equal(0, written.Leaks);
    }

    [Fact]
    public void A_stage_whose_Complete_throws_after_the_failure_leaves_the_first_error_and_completes_the_others()
    {
        var run = CliResult.Run(_folder, "--plugins", _fixtures.Path, "--frames", "10", "--size", "64x48",
            "--report", _folder.Report, "video0:capture ! gpu0:convert ! probe0:fail complete-throws=true");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["stage probe0:fail failed: InvalidOperationException: probe0 lost its sync at frame 3"], run.ErrorLines);
        var report = run.Report();
        Assert.Equal(3, report.Frames);
        Assert.Equal(0, report.Leaks);
    }

    public void Dispose()
    {
        _fixtures.Dispose();
        _folder.Dispose();
    }
}
