using PluggableDmaBuf.Host.Cli;

namespace PluggableDmaBuf.Integration.Tests.Pipeline.Support;

/// <summary>
/// One in-process <c>pdmabuf</c> invocation with its exit code, stdout and stderr. A run that has not
/// returned after a minute fails the test instead of hanging the suite (the runs here take well
/// under a second; the limit is a safety net, not a measurement).
/// </summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    private static readonly TimeSpan s_limit = TimeSpan.FromMinutes(1);

    /// <summary>The real plugins, laid out beside the tests.</summary>
    public static string RealPlugins => Path.Combine(AppContext.BaseDirectory, "plugins");

    /// <summary>The non-empty lines written to stderr.</summary>
    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static CliResult Of(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var run = Task.Run(() => Pdmabuf.Run(args, new CliContext(stdout, stderr, interactive: false)));
        Assert.True(run.Wait(s_limit), $"pdmabuf {string.Join(' ', args)} did not return within {s_limit}");
        return new CliResult(run.Result, stdout.ToString(), stderr.ToString());
    }

    /// <summary><c>pdmabuf run</c> with the real plugins, writing into <paramref name="folder"/>'s <c>out</c>, printing the JSON report.</summary>
    public static CliResult Run(RunFolder folder, params string[] args) =>
        Of(["run", "--plugins", RealPlugins, "--out", folder.Out, "--json", .. args]);

    /// <summary>The JSON report printed on stdout by <c>--json</c>.</summary>
    public RunReportView Report() => RunReportView.Parse(Out);

    /// <summary>Asserts success and returns the report, showing stderr when the run failed.</summary>
    public RunReportView Succeeded()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}: {Error}");
        return Report();
    }
}
