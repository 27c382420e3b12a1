using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// The last frame's PNG is written while the run shuts down; when it cannot be written (here a folder
/// stands where the file goes) the run still fails, by the stage's name, with exit code 1 and no leak,
/// and the report lists no such output.
/// </summary>
public sealed class LastSnapshotFailureTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Fact]
    public void A_last_snapshot_that_cannot_be_written_fails_the_run_by_the_stage_name()
    {
        Directory.CreateDirectory(Path.Combine(_folder.Out, "display0-primary-last.png"));

        var run = CliResult.Run(_folder, "--frames", "4", "--size", "64x48");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("stage display0:primary failed: IOException: ", line, StringComparison.Ordinal);
        var report = run.Report();
        Assert.Equal(0, report.Leaks);
        Assert.DoesNotContain(report.Outputs, o => o.EndsWith("display0-primary-last.png", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_folder.Out, "*.tmp", SearchOption.AllDirectories));
    }

    public void Dispose() => _folder.Dispose();
}
