namespace PluggableDmaBuf.Host.Tests.Cli;

/// <summary>An empty option value is bad input naming the option, never the option's default applied silently.</summary>
public sealed class EmptyOptionValueTests
{
    [Theory]
    [InlineData("run", "--size")]
    [InlineData("run", "--out")]
    [InlineData("run", "--source")]
    [InlineData("run", "--report")]
    [InlineData("run", "--config")]
    [InlineData("run", "--plugins")]
    [InlineData("plugins", "--plugins")]
    [InlineData("inspect", "--config")]
    public void An_empty_value_is_exit_2_naming_the_option(string command, string option)
    {
        string[] args = command == "inspect" ? [command, "gpu0:convert", option, ""] : [command, option, ""];

        var run = CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"{option}: the value must not be empty", line, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void A_blank_size_is_refused_too()
    {
        var run = CliRun.Of("run", "--size", "  ");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--size: the value must not be empty", run.Error, StringComparison.Ordinal);
    }
}
