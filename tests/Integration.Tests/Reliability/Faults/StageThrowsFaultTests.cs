using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Reliability.Faults;

/// <summary>
/// <c>Faults:StageThrows=gpu0:convert@5</c> (here from <c>--config</c>) makes the real gpu0:convert throw
/// at frame 5: the run stops like after a plugin's error, exit 1, one line saying the fault was
/// injected and where, the report written with the frames done and no leak.
/// </summary>
public sealed class StageThrowsFaultTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Fact]
    public void A_stage_throwing_at_frame_5_ends_with_exit_1_naming_the_injected_fault_and_no_leak()
    {
        var config = _folder.Config("""{ "Faults": { "StageThrows": "gpu0:convert@5" } }""");

        var run = CliResult.Run(_folder, "--config", config, "--frames", "20", "--size", "64x48", "--report", _folder.Report);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["stage gpu0:convert failed: InjectedFaultException: injected fault: gpu0:convert throws at frame 5 (Faults:StageThrows)"],
            run.ErrorLines);
        var report = RunReportView.Load(_folder.Report);
        // Frames 0 to 4 were converted; the display may be stopped before it shows them all.
        Assert.InRange(report.Frames, 0, 5);
        Assert.Equal(0, report.Leaks);
    }

    [Theory]
    [InlineData("gpu0:convert", "Faults:StageThrows: 'gpu0:convert' is not device:stage@FRAME (for example gpu0:convert@5)")]
    [InlineData("gpu9:convert@5", "Faults:StageThrows: gpu9:convert is not an element of the pipeline (its elements: video0:capture, gpu0:convert, display0:primary)")]
    [InlineData("gpu0:convert@20", "Faults:StageThrows: frame 20 is not one gpu0:convert sees in this run (0 to 19)")]
    public void A_fault_that_cannot_fire_is_exit_2_before_the_run(string point, string message)
    {
        var config = _folder.Config($$"""{ "Faults": { "StageThrows": "{{point}}" } }""");

        var run = CliResult.Run(_folder, "--config", config, "--frames", "20", "--size", "64x48", "--report", _folder.Report);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([message], run.ErrorLines);
        Assert.False(Directory.Exists(_folder.Out));
        Assert.False(File.Exists(_folder.Report));
    }

    public void Dispose() => _folder.Dispose();
}
