using PluggableDmaBuf.Host.Cli;

namespace PluggableDmaBuf.Host.Tests.Cli;

/// <summary>
/// An exception no layer turned into a domain error (a bug) is still one line on stderr with exit 1,
/// never an unhandled crash with a stack trace; <c>--verbose</c> adds the trace.
/// </summary>
public sealed class InternalErrorTests
{
    [Fact]
    public void A_bug_is_one_line_and_exit_1()
    {
        using var stderr = new StringWriter();

        var code = Pdmabuf.Run(["negotiate", CliRun.Example("gpu-to-display.json"), "--json"],
            new CliContext(new BrokenWriter(), stderr, interactive: false));

        Assert.Equal(1, code);
        Assert.Equal(["pdmabuf: internal error: InvalidOperationException: the writer is broken on purpose (--verbose shows where)"],
            stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Verbose_adds_the_stack_trace()
    {
        using var stderr = new StringWriter();

        var code = Pdmabuf.Run(["negotiate", CliRun.Example("gpu-to-display.json"), "--json", "--verbose"],
            new CliContext(new BrokenWriter(), stderr, interactive: false));

        Assert.Equal(1, code);
        Assert.StartsWith("pdmabuf: internal error: InvalidOperationException: the writer is broken on purpose\n", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("   at ", stderr.ToString(), StringComparison.Ordinal);
    }

    private sealed class BrokenWriter : StringWriter
    {
        public override void Write(char value) => throw new InvalidOperationException("the writer is broken on purpose");

        public override void Write(string? value) => throw new InvalidOperationException("the writer is broken on purpose");

        public override void WriteLine(string? value) => throw new InvalidOperationException("the writer is broken on purpose");
    }
}
