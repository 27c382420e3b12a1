using System.Diagnostics;
using System.Text;

namespace PluggableDmaBuf.Tests.Processes;

/// <summary>
/// Runs a command (dotnet, or an installed tool) as a real process, bounded in time (killed with its
/// children at the limit), with the given NuGet packages folder and none of the outer dotnet test's
/// MSBuild variables; no build node or compiler server outlives it.
/// </summary>
internal static class DotNet
{
    /// <summary>The most one restore, build or pack may take on a loaded 2-core machine.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);

    public static string Executable => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    public static Task<Result> RunAsync(string workingDirectory, string nugetPackages, params string[] args) =>
        RunCommandAsync(Executable, workingDirectory, nugetPackages, args);

    public static async Task<Result> RunCommandAsync(string command, string workingDirectory, string nugetPackages, params string[] args)
    {
        var start = new ProcessStartInfo(command)
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

        // The test host runs under dotnet test, whose MSBuild variables would steer the child's build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(name);
        }

        start.Environment["NUGET_PACKAGES"] = nugetPackages;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_DO_NOT_USE_MSBUILD_SERVER"] = "1";
        start.Environment["UseSharedCompilation"] = "false";

        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} {string.Join(' ', args)} did not finish within {Limit}:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString(), $"{command} {string.Join(' ', args)}");
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    internal sealed record Result(int ExitCode, string Output, string Command)
    {
        /// <summary>Asserts success, showing the whole output otherwise.</summary>
        public Result Succeeded()
        {
            Assert.True(ExitCode == 0, $"{Command} exited {ExitCode}:\n{Output}");
            return this;
        }
    }
}
