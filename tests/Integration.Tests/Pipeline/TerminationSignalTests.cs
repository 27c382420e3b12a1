using System.Diagnostics;
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
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "PluggableDmaBuf.Host.dll"), "run", "--plugins", CliResult.RealPlugins,
                     "--frames", "1000000", "--size", "64x48", "--out", _folder.Out, "--report", _folder.Report, "--json",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        using var pdmabuf = Process.Start(start)!;
        try
        {
            var stdout = pdmabuf.StandardOutput.ReadToEndAsync();
            var stderr = pdmabuf.StandardError.ReadToEndAsync();
            // The output folder appears when the pipeline starts, after the host took over the signals.
            Assert.True(SpinWait.SpinUntil(() => Directory.Exists(_folder.Out) || pdmabuf.HasExited, s_limit), "the run never started");
            if (pdmabuf.HasExited)
            {
                Assert.Fail($"pdmabuf exited early with {pdmabuf.ExitCode}: {await stderr}");
            }

            var signal = new ProcessStartInfo("kill") { RedirectStandardError = true, UseShellExecute = false };
            signal.ArgumentList.Add("-TERM");
            signal.ArgumentList.Add(pdmabuf.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
            using (var kill = Process.Start(signal)!)
            {
                var why = await kill.StandardError.ReadToEndAsync();
                await kill.WaitForExitAsync();
                Assert.True(kill.ExitCode == 0, $"kill -TERM {pdmabuf.Id}: {why}");
            }

            using var timeout = new CancellationTokenSource(s_limit);
            await pdmabuf.WaitForExitAsync(timeout.Token);

            Assert.Equal(130, pdmabuf.ExitCode);
            var report = RunReportView.Parse(await stdout);
            Assert.Equal([$"interrupted after {report.Frames} frames; every buffer was released"], (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.InRange(report.Frames, 0, 999_999);
            Assert.Equal(0, report.Leaks);
            Assert.Equal(report.Frames, RunReportView.Load(_folder.Report).Frames);
        }
        finally
        {
            if (!pdmabuf.HasExited)
            {
                pdmabuf.Kill();
            }
        }
    }

    public void Dispose() => _folder.Dispose();
}
