using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Cli;

/// <summary>
/// <c>pdmabuf</c> with no argument at all runs the pipeline with the plugins beside the host. The
/// settings that keep it small come from PDMABUF_ environment variables, as a user would set them.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class NoArgumentsTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Fact]
    public void No_argument_runs_the_pipeline_with_the_plugins_beside_the_host()
    {
        var variables = new Dictionary<string, string>
        {
            ["PDMABUF_Pipeline__Frames"] = "2",
            ["PDMABUF_Pipeline__Size"] = "64x48",
            ["PDMABUF_Pipeline__Out"] = _folder.Out,
        };
        foreach (var (name, value) in variables)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        CliResult run;
        try
        {
            run = CliResult.Of();
        }
        finally
        {
            foreach (var name in variables.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("", run.Error);
        Assert.Contains("2 at 64x48", run.Out, StringComparison.Ordinal);
        Assert.Contains("PluggableDmaBuf.Plugins.CentralAllocator", run.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder.Out, "display0-primary-last.png")));
    }

    public void Dispose() => _folder.Dispose();
}
