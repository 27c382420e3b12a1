using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Cli;

/// <summary><c>run</c> is the default command (design §8): options alone run the pipeline.</summary>
public sealed class DefaultCommandTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Fact]
    public void Options_without_a_command_run_the_pipeline()
    {
        var run = CliResult.Of("--frames", "2", "--size", "64x48", "--plugins", CliResult.RealPlugins, "--out", _folder.Out, "--json");

        var report = run.Succeeded();
        Assert.Equal(2, report.Frames);
        Assert.Equal(2, report.Values("display0:primary crc").Count);
        Assert.True(File.Exists(Path.Combine(_folder.Out, "display0-primary-last.png")));
    }

    public void Dispose() => _folder.Dispose();
}
