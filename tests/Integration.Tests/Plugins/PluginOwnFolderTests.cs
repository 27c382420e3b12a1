using System.Text.Json;
using PluggableDmaBuf.Host.Cli;

namespace PluggableDmaBuf.Integration.Tests.Plugins;

/// <summary><c>--plugins DIR</c> naming one plugin's own folder loads that plugin; the folders searched are listed.</summary>
public sealed class PluginOwnFolderTests
{
    [Fact]
    public void A_folder_named_after_its_plugin_assembly_is_that_plugin()
    {
        using var folder = new PluginFolder().With("Fixture.Good");

        using var json = PluginsJson(folder.Sub("Fixture.Good"));

        var plugin = Assert.Single(json.RootElement.GetProperty("plugins").EnumerateArray());
        Assert.Equal("Fixture.Good", plugin.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, plugin.GetProperty("error").ValueKind);
        Assert.Equal(folder.Sub("Fixture.Good"), plugin.GetProperty("path").GetString());
        var searched = Assert.Single(json.RootElement.GetProperty("folders").EnumerateArray());
        Assert.Equal("plugin", searched.GetProperty("kind").GetString());
        Assert.Equal(1, searched.GetProperty("loaded").GetInt32());
        Assert.Equal(JsonValueKind.Null, searched.GetProperty("problem").ValueKind);
    }

    [Fact]
    public void A_build_output_folder_holding_a_plugin_assembly_loads_it_under_the_assembly_name()
    {
        using var folder = new PluginFolder().With("Fixture.NeedsDependency");
        var output = folder.Sub("net10.0");
        Directory.Move(folder.Sub("Fixture.NeedsDependency"), output);

        using var json = PluginsJson(output);

        // Fixture.Dependency.dll lies beside it: an assembly that is not a plugin, so not a candidate.
        var plugin = Assert.Single(json.RootElement.GetProperty("plugins").EnumerateArray());
        Assert.Equal("Fixture.NeedsDependency", plugin.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, plugin.GetProperty("error").ValueKind);
        Assert.Equal("needs0", plugin.GetProperty("devices")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Without_plugins_the_default_folder_beside_the_host_is_searched_and_listed()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = Pdmabuf.Run(["plugins", "--json"], new CliContext(stdout, stderr, interactive: false));

        Assert.True(code == 0, stderr.ToString());
        using var json = JsonDocument.Parse(stdout.ToString());
        var searched = Assert.Single(json.RootElement.GetProperty("folders").EnumerateArray());
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "plugins"), searched.GetProperty("path").GetString());
        Assert.True(searched.GetProperty("default").GetBoolean());
        Assert.Equal(4, searched.GetProperty("loaded").GetInt32());
    }

    [Fact]
    public void The_human_listing_names_the_folders_searched()
    {
        using var folder = new PluginFolder().With("Fixture.Good");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = Pdmabuf.Run(["plugins", "--plugins", folder.Path], new CliContext(stdout, stderr, interactive: false));

        Assert.Equal(0, code);
        Assert.Contains("plugin folder searched", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains(folder.Path, stdout.ToString(), StringComparison.Ordinal);
    }

    internal static JsonDocument PluginsJson(params string[] folders)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        string[] args = ["plugins", "--json", .. folders.SelectMany(f => new[] { "--plugins", f })];

        var code = Pdmabuf.Run(args, new CliContext(stdout, stderr, interactive: false));

        Assert.True(code == 0, $"exit {code}: {stderr}");
        return JsonDocument.Parse(stdout.ToString());
    }
}
