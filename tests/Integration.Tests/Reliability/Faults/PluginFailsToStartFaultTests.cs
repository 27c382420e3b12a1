using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Reliability.Faults;

/// <summary>
/// <c>Faults:PluginFailsToStart=PLUGIN</c>: that plugin's start throws. A plugin that fails to start is a
/// plugin failure, exit 4, one line naming the plugin and the injected fault; the plugins started before
/// it are stopped, and the run never starts, so no output folder or report is left behind.
/// </summary>
public sealed class PluginFailsToStartFaultTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Fact]
    public void A_plugin_failing_to_start_is_exit_4_naming_it_and_leaves_nothing_behind()
    {
        var config = _folder.Config("""{ "Faults": { "PluginFailsToStart": "PluggableDmaBuf.Plugins.Gpu" } }""");

        var run = CliResult.Run(_folder, "--config", config, "--frames", "5", "--size", "64x48", "--report", _folder.Report);

        Assert.Equal(4, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Matches(@"^plugin PluggableDmaBuf\.Plugins\.Gpu \(.+\) failed to start: InjectedFaultException: injected fault: " +
            @"plugin PluggableDmaBuf\.Plugins\.Gpu fails to start \(Faults:PluginFailsToStart\)$", line);
        Assert.Equal("", run.Out);
        Assert.False(Directory.Exists(_folder.Out));
        Assert.False(File.Exists(_folder.Report));
    }

    [Fact]
    public void An_unknown_plugin_is_exit_2()
    {
        var config = _folder.Config("""{ "Faults": { "PluginFailsToStart": "Nope" } }""");

        var run = CliResult.Run(_folder, "--config", config, "--frames", "5", "--size", "64x48");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("Faults:PluginFailsToStart: no plugin is named Nope (plugins: ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();
}
