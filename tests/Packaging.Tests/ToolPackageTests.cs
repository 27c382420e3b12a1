using System.Text.Json;
using PluggableDmaBuf.Packaging.Tests.Support;

namespace PluggableDmaBuf.Packaging.Tests;

/// <summary><c>dotnet pack src/Host</c> makes a .NET tool that installs <c>pdmabuf</c> with the four standard plugins in its plugins/ folder.</summary>
[Collection(PackagingCollection.Name)]
public sealed class ToolPackageTests(PackagingWorkspace workspace)
{
    [Fact]
    public async Task The_installed_tool_loads_the_four_standard_plugins_from_its_plugins_folder()
    {
        var pdmabuf = await workspace.InstalledToolAsync();

        var listing = (await DotNet.RunCommandAsync(pdmabuf, workspace.Root, workspace.NuGetPackages, "plugins", "--json")).Succeeded();

        using var json = JsonDocument.Parse(listing.Output);
        var plugins = json.RootElement.GetProperty("plugins").EnumerateArray().ToArray();
        Assert.Equal(
            ["PluggableDmaBuf.Plugins.CentralAllocator", "PluggableDmaBuf.Plugins.Display", "PluggableDmaBuf.Plugins.Gpu", "PluggableDmaBuf.Plugins.Video"],
            plugins.Select(p => p.GetProperty("name").GetString()));
        Assert.All(plugins, p => Assert.Equal(JsonValueKind.Null, p.GetProperty("error").ValueKind));
        var folder = Assert.Single(json.RootElement.GetProperty("folders").EnumerateArray());
        Assert.True(folder.GetProperty("default").GetBoolean());
        // The plugins/ folder beside the tool's own binaries, inside the tool path's store.
        Assert.StartsWith(Path.Combine(workspace.Root, "tools"), folder.GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.EndsWith($"{Path.DirectorySeparatorChar}plugins", folder.GetProperty("path").GetString(), StringComparison.Ordinal);
        Assert.Equal(4, folder.GetProperty("loaded").GetInt32());
    }

    [Fact]
    public async Task The_installed_tool_runs_the_default_pipeline()
    {
        var pdmabuf = await workspace.InstalledToolAsync();

        var run = (await DotNet.RunCommandAsync(pdmabuf, workspace.Root, workspace.NuGetPackages, "run", "--frames", "3", "--size", "64x64", "--json")).Succeeded();

        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal(3, json.RootElement.GetProperty("frames").GetInt32());
    }
}
