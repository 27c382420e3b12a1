using PluggableDmaBuf.Host.Cli;

namespace PluggableDmaBuf.Host.Tests.Cli;

/// <summary>
/// stdout that is full or closed: the command finishes, the failure is said once on stderr and the
/// exit code is 1 — before, the write's IOException escaped as a crash (exit 134). The real process
/// against /dev/full and a closed descriptor is in the integration tests.
/// </summary>
public sealed class StdoutFailureTests
{
    [Fact]
    public void A_full_stdout_gives_exit_1_and_one_line_on_stderr()
    {
        using var stderr = new StringWriter();
        var stdout = new GuardedWriter(new ThrowingWriter(new IOException("No space left on device")), "stdout");

        var code = Pdmabuf.Run(["negotiate", CliRun.Example("gpu-to-display.json"), "--json"], new CliContext(stdout, stderr, interactive: false));

        Assert.Equal(1, code);
        Assert.Equal(["pdmabuf: cannot write to stdout: no space left on device"], stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_closed_stdout_names_the_cause_inside_the_access_error()
    {
        using var stderr = new StringWriter();
        var closed = new UnauthorizedAccessException("Access to the path is denied.", new IOException("Bad file descriptor"));
        var stdout = new GuardedWriter(new ThrowingWriter(closed), "stdout");

        var code = Pdmabuf.Run(["negotiate", CliRun.Example("gpu-to-display.json")], new CliContext(stdout, stderr, interactive: false));

        Assert.Equal(1, code);
        Assert.Equal("pdmabuf: cannot write to stdout: bad file descriptor", stderr.ToString().Trim());
    }

    [Fact]
    public void A_command_that_failed_keeps_its_own_exit_code()
    {
        using var stderr = new StringWriter();
        var stdout = new GuardedWriter(new ThrowingWriter(new IOException("No space left on device")), "stdout");
        var conflict = CliRun.TempJson("""{ "request": { "size": 4096 }, "devices": [ { "name": "a", "addressBits": 20 } ] }""");

        var code = Pdmabuf.Run(["negotiate", conflict, "--json"], new CliContext(stdout, stderr, interactive: false));

        Assert.Equal(3, code);
        Assert.Contains("pdmabuf: cannot write to stdout: no space left on device", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_stderr_is_dropped_without_an_exception()
    {
        var stderr = new GuardedWriter(new ThrowingWriter(new IOException("No space left on device")), "stderr");
        using var stdout = new StringWriter();

        var code = Pdmabuf.Run(["negotiate", "/nonexistent/request.json"], new CliContext(stdout, stderr, interactive: false));

        Assert.Equal(2, code);
        Assert.Equal("no space left on device", stderr.Failure);
    }

    [Fact]
    public void After_the_first_failure_nothing_more_is_attempted()
    {
        var inner = new ThrowingWriter(new IOException("No space left on device"));
        var writer = new GuardedWriter(inner, "stdout");

        writer.WriteLine("a");
        writer.Write('b');
        writer.Flush();

        Assert.Equal(1, inner.Attempts);
    }
}
