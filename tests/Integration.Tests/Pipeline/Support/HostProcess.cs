using System.Diagnostics;
using System.Globalization;

namespace PluggableDmaBuf.Integration.Tests.Pipeline.Support;

/// <summary>
/// The real <c>pdmabuf</c> process, started from the test's build output with its output captured,
/// signalled with <c>kill</c>, and killed by its own PID on dispose if it is still running; or run
/// to its end with <see cref="RunAsync"/>.
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

    /// <summary>Whether this test process runs as root, where file permissions do not stop reads.</summary>
    public static bool IsRoot => Environment.UserName == "root";

    public static HostProcess Start(params string[] args) => new(Process.Start(StartInfo([], args, AppContext.BaseDirectory))!);

    /// <summary>
    /// Runs <c>pdmabuf ARGS</c> to its end, with <paramref name="stdout"/> as a shell redirection of its
    /// stdout (<c>&gt;/dev/full</c>, <c>&gt;&amp;-</c>) and, with <paramref name="asNobody"/>, as the
    /// unprivileged user <c>nobody</c> (through <c>setpriv</c>; the caller runs as root). A process that
    /// has not exited after a minute is killed and fails the test: a hang shows as a failure.
    /// </summary>
    public static async Task<ProcessResult> RunAsync(string[] args, string? stdout = null, bool asNobody = false)
    {
        var prefix = new List<string>();
        string? hostCopy = null;
        if (asNobody)
        {
            prefix.AddRange(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "env", "HOME=/tmp", "DOTNET_CLI_HOME=/tmp"]);

            // The build output may lie where nobody cannot reach it (a clone under /root): run a copy of
            // the host's files from a folder every user may read.
            hostCopy = OperatingSystem.IsLinux() ? CopyHostForEveryone() : throw new PlatformNotSupportedException("setpriv runs on Linux only");
        }

        if (stdout is not null)
        {
            // exec keeps one process, so that the exit code is the host's own.
            prefix.AddRange(["sh", "-c", $"exec \"$0\" \"$@\" {stdout}"]);
        }

        try
        {
            using var host = new HostProcess(Process.Start(StartInfo(prefix, args, hostCopy ?? AppContext.BaseDirectory))!);
            var limit = TimeSpan.FromMinutes(1);
            try
            {
                await host.WaitForExitAsync(limit);
            }
            catch (OperationCanceledException)
            {
                host._process.Kill(entireProcessTree: true);
                Assert.Fail($"pdmabuf {string.Join(' ', args)} {stdout} did not exit within {limit} (it hangs)");
            }

            return new ProcessResult(host.ExitCode, await host.Stdout, await host.Stderr);
        }
        finally
        {
            if (hostCopy is not null)
            {
                Directory.Delete(hostCopy, recursive: true);
            }
        }
    }

    /// <summary>Copies the host's assemblies and runtime files (not the plugin folders) into a new temporary folder every user may read.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static string CopyHostForEveryone()
    {
        const UnixFileMode Everyone = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
            UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        var copy = Directory.CreateTempSubdirectory("pdmabuf-host-").FullName;
        File.SetUnixFileMode(copy, Everyone);
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory))
        {
            var target = Path.Combine(copy, Path.GetFileName(file));
            File.Copy(file, target);
            File.SetUnixFileMode(target, Everyone);
        }

        return copy;
    }

    /// <summary>Makes a FIFO at <paramref name="path"/> that nobody will write to.</summary>
    public static string MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.True(mkfifo.ExitCode == 0, $"mkfifo {path} failed");
        return path;
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

    /// <summary>dotnet running the host built beside the tests, after <paramref name="prefix"/> (a wrapper command, if any).</summary>
    private static ProcessStartInfo StartInfo(IReadOnlyList<string> prefix, string[] args, string hostFolder)
    {
        string[] command = [.. prefix, Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            Path.Combine(hostFolder, "pdmabuf.dll"), .. args];
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        return start;
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
