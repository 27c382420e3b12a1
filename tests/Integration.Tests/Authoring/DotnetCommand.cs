using System.Diagnostics;
using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Authoring;

/// <summary>
/// One <c>dotnet</c> CLI process (pack, new, restore, test) run to its end in a given folder, with the
/// environment a plugin author's shell would have: none of the variables the outer <c>dotnet test</c>
/// hands its test host (MSBuild's and the test platform's), plus the given ones. A process still running
/// at its time limit is killed by its PID, with its children, and fails the test with its output so far.
/// </summary>
internal static class DotnetCommand
{
    private static readonly string[] s_inheritedPrefixes = ["MSBUILD", "VSTEST", "TESTINGPLATFORM", "DOTNET_HOST_PATH"];

    public static async Task<ProcessResult> RunAsync(string workingDirectory, TimeSpan limit, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (s_inheritedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

        // No build node or compiler server outlives the command.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1";
        start.Environment["UseSharedCompilation"] = "false";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"dotnet {string.Join(' ', args)} (in {workingDirectory}) did not finish within {limit}: killed (PID {process.Id}); its output:\n{Tail(await stdout)}\n{Tail(await stderr)}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Asserts exit code 0, showing the command and the end of its output otherwise.</summary>
    public static ProcessResult Succeeded(this ProcessResult result, string what)
    {
        Assert.True(result.ExitCode == 0, $"{what}: exit {result.ExitCode}\n{Tail(result.Out)}\n{Tail(result.Error)}");
        return result;
    }

    /// <summary>The last lines of a command's output: enough for its errors, short enough to read.</summary>
    public static string Tail(string output)
    {
        var lines = output.Split('\n');
        return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 40)));
    }
}
