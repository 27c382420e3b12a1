using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// <c>kill</c> (SIGTERM) during a run, as a service manager or <c>docker stop</c> sends it: the real
/// <c>pdmabuf</c> process stops the pipeline, releases every buffer, writes its report and exits with
/// the interrupted code 130 instead of running on until it is killed outright.
/// </summary>
public sealed class TerminationSignalTests : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(1);
    private readonly RunFolder _folder = new();

    [Fact]
    public async Task Sigterm_interrupts_the_run_and_releases_every_buffer()
    {
        using var pdmabuf = HostProcess.Start("run", "--plugins", CliResult.RealPlugins,
            "--frames", "1000000", "--size", "64x48", "--out", _folder.Out, "--report", _folder.Report, "--json");

        // The output folder appears when the pipeline starts.
        Assert.True(SpinWait.SpinUntil(() => Directory.Exists(_folder.Out) || pdmabuf.HasExited, s_limit), "the run never started");
        if (pdmabuf.HasExited)
        {
            Assert.Fail($"pdmabuf exited early with {pdmabuf.ExitCode}: {await pdmabuf.Stderr}");
        }

        await pdmabuf.SignalAsync("TERM");

        Assert.Equal(130, await pdmabuf.WaitForExitAsync(s_limit));
        var report = RunReportView.Parse(await pdmabuf.Stdout);
        Assert.Equal([$"interrupted after {report.Frames} frames; every buffer was released"], (await pdmabuf.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.InRange(report.Frames, 0, 999_999);
        Assert.Equal(0, report.Leaks);
        Assert.Equal(report.Frames, RunReportView.Load(_folder.Report).Frames);
    }

    public void Dispose() => _folder.Dispose();
}
