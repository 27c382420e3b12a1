using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// A signal that arrives during start-up — before plugins are loaded, long before the first frame —
/// still ends the run the documented way: exit 130, the report on stdout and in <c>--report</c>, no
/// leak. (Before, the default action killed the process: no summary, and 143 for SIGTERM.)
/// </summary>
public sealed class EarlySignalTests : IDisposable
{
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(1);
    private readonly RunFolder _folder = new();

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    [InlineData("HUP")]
    public async Task A_signal_as_soon_as_the_process_catches_signals_interrupts_the_run_cleanly(string signal)
    {
        using var pdmabuf = HostProcess.Start("run", "--plugins", CliResult.RealPlugins,
            "--frames", "1000000", "--size", "64x48", "--out", _folder.Out, "--report", _folder.Report, "--json");
        Assert.True(pdmabuf.WaitUntilSignalsAreCaught(s_limit), $"pdmabuf never caught SIGHUP: {(pdmabuf.HasExited ? await pdmabuf.Stderr : "")}");

        await pdmabuf.SignalAsync(signal);

        var code = await pdmabuf.WaitForExitAsync(s_limit);
        Assert.True(code == 130, $"exit {code}: {await pdmabuf.Stderr}");
        var stdout = await pdmabuf.Stdout;
        Assert.True(stdout.Length > 0, $"no report on stdout; stderr: {await pdmabuf.Stderr}");
        var report = RunReportView.Parse(stdout);
        Assert.Equal([$"interrupted after {report.Frames} frames; every buffer was released"], (await pdmabuf.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(0, report.Leaks);
        Assert.Equal(report.Frames, RunReportView.Load(_folder.Report).Frames);
    }

    public void Dispose() => _folder.Dispose();
}
