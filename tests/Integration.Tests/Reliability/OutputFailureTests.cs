using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Reliability;

/// <summary>
/// Where the real process writes: stdout that is full or closed, an <c>--out</c> folder that cannot
/// be created, a <c>--report</c> that cannot be written. Before, each crashed with a stack trace
/// (exit 134), the report ones after the whole run, losing its summary. Now a path that cannot work
/// is found before the run (exit 2, nothing left behind); a write that fails anyway at the end is
/// one line after the summary (exit 1); a failing stdout is one line on stderr (exit 1).
/// </summary>
public sealed class OutputFailureTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Theory]
    [InlineData(">/dev/full", "no space left on device")]
    [InlineData(">&-", "bad file descriptor")]
    public async Task A_full_or_closed_stdout_exits_1_with_one_line_on_stderr(string redirect, string cause)
    {
        var request = _folder.File("request.json");
        File.WriteAllText(request, """{ "request": { "size": 4096 }, "devices": [ { "name": "a" } ] }""");

        var run = await HostProcess.RunAsync(["negotiate", request, "--json"], stdout: redirect);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal([$"pdmabuf: cannot write to stdout: {cause}"], run.ErrorLines);
    }

    [Fact]
    public async Task A_run_whose_stdout_is_full_still_writes_its_report()
    {
        var run = await HostProcess.RunAsync(Run("--report", _folder.Report), stdout: ">/dev/full");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["pdmabuf: cannot write to stdout: no space left on device"], run.ErrorLines);
        Assert.Equal(3, RunReportView.Load(_folder.Report).Frames);
    }

    [Theory]
    [InlineData("/proc/pdmabuf-out", "/proc/pdmabuf-out: cannot be used as the output folder (--out): cannot create /proc/pdmabuf-out: ")]
    [InlineData("/dev/null/out", "/dev/null/out: cannot be used as the output folder (--out): /dev/null is not a folder")]
    public async Task An_out_folder_that_cannot_be_created_exits_2_before_the_run(string folder, string expected)
    {
        var run = await HostProcess.RunAsync(["run", "--plugins", CliResult.RealPlugins, "--frames", "3", "--size", "64x48", "--out", folder,
            "--report", _folder.Report, "--json"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.StartsWith(expected, Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.False(File.Exists(_folder.Report));
    }

    [Fact]
    public async Task A_folder_as_the_report_exits_2_before_the_run_and_leaves_nothing_behind()
    {
        var run = await HostProcess.RunAsync(Run("--report", _folder.Path));

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"{_folder.Path}: cannot be used as the report file (--report): it is a folder"], run.ErrorLines);
        Assert.False(Directory.Exists(_folder.Out));
    }

    [Fact]
    public async Task A_report_that_fails_at_the_end_keeps_the_summary_and_exits_1()
    {
        var run = await HostProcess.RunAsync(Run("--report", "/dev/full"));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(3, RunReportView.Parse(run.Out).Frames);
        Assert.Equal(["/dev/full: cannot write the report: no space left on device"], run.ErrorLines);
    }

    public void Dispose() => _folder.Dispose();

    private string[] Run(params string[] extra) =>
        ["run", "--plugins", CliResult.RealPlugins, "--frames", "3", "--size", "64x48", "--out", _folder.Out, "--json", .. extra];
}
