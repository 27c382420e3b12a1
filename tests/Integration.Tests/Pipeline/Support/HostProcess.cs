using System.Diagnostics;
using System.Globalization;

namespace PluggableDmaBuf.Integration.Tests.Pipeline.Support;

/// <summary>
/// The real <c>pdmabuf</c> process, started from the test's build output with its output captured,
/// signalled with <c>kill</c>, and killed by its own PID on dispose if it is still running.
/// </summary>
internal sealed class HostProcess : IDisposable
{
    private readonly Process _process;

    private HostProcess(Process process)
    {
        _process = process;
        Stdout = process.StandardOutput.ReadToEndAsync();
        Stderr = process.StandardError.ReadToEndAsync();
    }

    public Task<string> Stdout { get; }

    public Task<string> Stderr { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static HostProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PluggableDmaBuf.Host.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new HostProcess(Process.Start(start)!);
    }

    /// <summary>Sends <paramref name="signal"/> (<c>TERM</c>, <c>INT</c>) with <c>kill</c>.</summary>
    public async Task SignalAsync(string signal)
    {
        var start = new ProcessStartInfo("kill") { RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-" + signal);
        start.ArgumentList.Add(Id.ToString(CultureInfo.InvariantCulture));
        using var kill = Process.Start(start)!;
        var why = await kill.StandardError.ReadToEndAsync();
        await kill.WaitForExitAsync();
        Assert.True(kill.ExitCode == 0, $"kill -{signal} {Id}: {why}");
    }

    /// <summary>
    /// Waits until the process catches SIGHUP (the SigCgt mask of <c>/proc/PID/status</c>). The runtime
    /// catches SIGINT and SIGTERM by itself from its start (and re-raises them when no program handler
    /// cancels them), but SIGHUP only once the program registers for it, which pdmabuf does right after
    /// its SIGINT and SIGTERM handlers, first thing in Main.
    /// </summary>
    public bool WaitUntilSignalsAreCaught(TimeSpan limit)
    {
        const ulong Wanted = 1UL << (1 - 1);
        return SpinWait.SpinUntil(() =>
        {
            if (_process.HasExited)
            {
                return true;
            }

            try
            {
                var line = File.ReadLines($"/proc/{Id}/status").FirstOrDefault(l => l.StartsWith("SigCgt:", StringComparison.Ordinal));
                return line is not null && (ulong.Parse(line[7..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture) & Wanted) == Wanted;
            }
            catch (IOException)
            {
                return false;
            }
        }, limit) && !_process.HasExited;
    }

    public async Task<int> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
