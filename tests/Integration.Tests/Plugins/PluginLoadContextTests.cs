using System.CommandLine;
using System.Runtime.Loader;
using PluggableDmaBuf.Host.Cli;
using PluggableDmaBuf.Host.Hosting;

namespace PluggableDmaBuf.Integration.Tests.Plugins;

/// <summary>
/// A command that owns its process loads the plugins into load contexts that are not collectible (their ReadyToRun
/// code is used); a host built in a process that builds others (these tests) keeps them collectible.
/// </summary>
public sealed class PluginLoadContextTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_plugins_load_contexts_are_collectible_as_the_settings_say(bool collectible)
    {
        await using var app = PdmabufApp.Build(new HostSettings { PluginFolders = [PluginFolder.RealPlugins], CollectiblePlugins = collectible });

        Assert.NotEmpty(app.Plugins.Loaded);
        Assert.All(app.Plugins.Loaded, plugin => Assert.Equal(collectible, AssemblyLoadContext.GetLoadContext(plugin.Loader!.Assembly)!.IsCollectible));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Only_a_command_that_owns_its_process_loads_plugins_that_stay(bool ownsProcess, bool collectible)
    {
        var context = new CliContext(TextWriter.Null, TextWriter.Null, interactive: false) { OwnsProcess = ownsProcess };
        var common = new CommonOptions(context);
        var command = new Command("run");
        common.AddTo(command);

        var settings = common.ToSettings(command.Parse([]));

        Assert.Equal(collectible, settings.CollectiblePlugins);
    }
}
