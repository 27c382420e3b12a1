using System.Diagnostics;

namespace PluggableDmaBuf.Integration.Tests.Reliability.Support;

/// <summary>
/// Runs the real <c>pdmabuf</c> process (the host built beside the tests), optionally with its
/// stdout redirected by a shell (<c>&gt;/dev/full</c>, <c>&gt;&amp;-</c>) or as the unprivileged
/// user <c>nobody</c>. A process that has not exited after a minute is killed and fails the test:
/// the hangs these tests guard against must show as failures, not as a stuck suite.
/// </summary>
internal static class HostProcess
{
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(1);

    public static string RealPlugins => Path.Combine(AppContext.BaseDirectory, "plugins");

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    private static string HostDll => Path.Combine(AppContext.BaseDirectory, "PluggableDmaBuf.Host.dll");

    /// <summary>Whether this test process runs as root, where file permissions do not stop reads.</summary>
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Runs <c>pdmabuf ARGS</c>; <paramref name="stdout"/> is a shell redirection of its stdout, such as <c>&gt;/dev/full</c>.</summary>
    /// <param name="args">The command line after <c>pdmabuf</c>.</param>
    /// <param name="stdout">A redirection for the shell, or <c>null</c> to capture stdout.</param>
    /// <param name="asNobody">Run as the user <c>nobody</c> (through <c>setpriv</c>; the caller runs as root).</param>
    public static async Task<ProcessResult> RunAsync(string[] args, string? stdout = null, bool asNobody = false)
    {
        var command = new List<string>();
        if (asNobody)
        {
            command.AddRange(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "env", "HOME=/tmp", "DOTNET_CLI_HOME=/tmp"]);
        }

        if (stdout is not null)
        {
            // exec keeps one process, so that the exit code is the host's own.
            command.AddRange(["sh", "-c", $"exec \"$0\" \"$@\" {stdout}"]);
        }

        command.AddRange([Dotnet, HostDll, .. args]);
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

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(s_limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"pdmabuf {string.Join(' ', args)} {stdout} did not exit within {s_limit} (it hangs)");
        }

        return new ProcessResult(process.ExitCode, await output, await error);
    }

    /// <summary>Makes a FIFO at <paramref name="path"/> that nobody will write to.</summary>
    public static string MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.True(mkfifo.ExitCode == 0, $"mkfifo {path} failed");
        return path;
    }
}
