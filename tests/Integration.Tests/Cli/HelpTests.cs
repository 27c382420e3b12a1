using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Cli;

/// <summary><c>pdmabuf --help</c> lists the commands and <c>pdmabuf run --help</c> every option of design §8, on stdout, exit 0.</summary>
public sealed class HelpTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void The_top_level_help_lists_the_commands(string option)
    {
        var help = CliResult.Of(option);

        Assert.Equal(0, help.ExitCode);
        Assert.Equal("", help.Error);
        Assert.Contains("pdmabuf [command] [options]", help.Out, StringComparison.Ordinal);
        foreach (var command in new[] { "run", "plugins", "inspect <STAGE>", "negotiate <FILE>" })
        {
            Assert.Matches($@"(?m)^\s+{command}\s+\S", help.Out);
        }
    }

    [Fact]
    public void The_run_help_lists_every_option()
    {
        var help = CliResult.Of("run", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Equal("", help.Error);
        Assert.Contains("pdmabuf run [<pipeline>] [options]", help.Out, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+<pipeline>\s+The pipeline, gst-launch style", help.Out);
        foreach (var option in new[]
                 {
                     "--plugins <DIR>", "--config <FILE>", "--verbose", "--frames <N>", "--size <WxH>", "--source <SOURCE>",
                     "--allocator <KIND>", "--preview-at <N>", "--out <DIR>", "--report <FILE>", "--snapshot-every <N>", "--json",
                 })
        {
            Assert.Matches($@"(?m)^\s+{option}\s+\S", help.Out);
        }
    }
}
