using System.Text.Json;
using PluggableDmaBuf.Host.Cli;

namespace PluggableDmaBuf.Integration.Tests.Plugins;

/// <summary>Each kind of broken plugin gives one error naming its folder and cause, and the good plugin still loads.</summary>
public sealed class BrokenPluginTests
{
    [Fact]
    public void A_folder_without_the_plugin_assembly_is_not_a_plugin()
    {
        using var folder = new PluginFolder().With("Fixture.Good");
        Directory.CreateDirectory(folder.Sub("Notes"));
        File.WriteAllText(Path.Combine(folder.Sub("Notes"), "readme.txt"), "not a plugin");

        var plugins = ListPlugins(folder.Path);

        Assert.Equal("not a plugin: no Notes.dll in the folder", plugins["Notes"].GetProperty("error").GetString());
        AssertGoodLoaded(plugins);
    }

    [Fact]
    public void A_corrupt_assembly_is_reported()
    {
        using var folder = new PluginFolder().With("Fixture.Good");
        Directory.CreateDirectory(folder.Sub("Corrupt"));
        File.WriteAllBytes(Path.Combine(folder.Sub("Corrupt"), "Corrupt.dll"), [0x4D, 0x5A, 1, 2, 3, 4, 5, 6, 7, 8]);

        var plugins = ListPlugins(folder.Path);

        Assert.StartsWith("Corrupt.dll is not a valid .NET assembly", plugins["Corrupt"].GetProperty("error").GetString(), StringComparison.Ordinal);
        AssertGoodLoaded(plugins);
    }

    [Fact]
    public void A_missing_dependency_is_named()
    {
        using var folder = new PluginFolder().With("Fixture.Good").With("Fixture.NeedsDependency");
        File.Delete(Path.Combine(folder.Sub("Fixture.NeedsDependency"), "Fixture.Dependency.dll"));

        var plugins = ListPlugins(folder.Path);

        var version = typeof(IDmaBufPlugin).Assembly.GetName().Version;
        Assert.Equal($"missing dependency Fixture.Dependency {version}: not in the plugin folder and not part of the runtime",
            plugins["Fixture.NeedsDependency"].GetProperty("error").GetString());
        AssertGoodLoaded(plugins);
    }

    [Fact]
    public void With_its_dependency_present_the_same_plugin_loads()
    {
        using var folder = new PluginFolder().With("Fixture.NeedsDependency");

        var plugins = ListPlugins(folder.Path);

        Assert.Equal(JsonValueKind.Null, plugins["Fixture.NeedsDependency"].GetProperty("error").ValueKind);
        Assert.Equal("needs0", plugins["Fixture.NeedsDependency"].GetProperty("devices")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void An_entry_type_that_throws_registers_nothing()
    {
        using var folder = new PluginFolder().With("Fixture.Good").With("Fixture.Throwing");

        var plugins = ListPlugins(folder.Path);

        var throwing = plugins["Fixture.Throwing"];
        Assert.Equal("ThrowingPlugin.ConfigureServices threw InvalidOperationException: the device tree is missing", throwing.GetProperty("error").GetString());
        Assert.Equal(0, throwing.GetProperty("devices").GetArrayLength());
        AssertGoodLoaded(plugins);
    }

    [Fact]
    public void An_incompatible_abstractions_major_version_is_refused()
    {
        using var folder = new PluginFolder().With("Fixture.Good").With("Fixture.Incompatible");

        var plugins = ListPlugins(folder.Path);

        // The fixture's Abstractions is one major above the host's, whatever the host's version is.
        var host = typeof(IDmaBufPlugin).Assembly.GetName().Version!.Major;
        Assert.Equal($"built against PluggableDmaBuf.Abstractions {host + 1}.0.0.0, but this host provides {host}.0.0.0: " +
            $"the major versions are incompatible; rebuild the plugin against {host}.x",
            plugins["Fixture.Incompatible"].GetProperty("error").GetString());
        AssertGoodLoaded(plugins);
    }

    [Fact]
    public void Two_plugins_claiming_one_device_name_fail_the_second()
    {
        using var folder = new PluginFolder().With("Fixture.Good").With("Fixture.Other");

        var plugins = ListPlugins(folder.Path);

        Assert.Equal("device 'fix0' is already registered by plugin Fixture.Good", plugins["Fixture.Other"].GetProperty("error").GetString());
        AssertGoodLoaded(plugins);
    }

    [Fact]
    public void The_human_listing_shows_the_error_with_the_folder()
    {
        using var folder = new PluginFolder().With("Fixture.Good").With("Fixture.Throwing");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = Pdmabuf.Run(["plugins", "--plugins", folder.Path], new CliContext(stdout, stderr, interactive: false));

        Assert.Equal(0, code);
        Assert.Contains($"error Fixture.Throwing ({folder.Sub("Fixture.Throwing")}): ThrowingPlugin.ConfigureServices threw", stdout.ToString(), StringComparison.Ordinal);
        Assert.Contains("fix0", stdout.ToString(), StringComparison.Ordinal);
    }

    private static void AssertGoodLoaded(Dictionary<string, JsonElement> plugins)
    {
        var good = plugins["Fixture.Good"];
        Assert.Equal(JsonValueKind.Null, good.GetProperty("error").ValueKind);
        Assert.Equal("fix0", good.GetProperty("devices")[0].GetProperty("name").GetString());
    }

    internal static Dictionary<string, JsonElement> ListPlugins(params string[] folders)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var args = new List<string> { "plugins", "--json" };
        foreach (var folder in folders)
        {
            args.AddRange(["--plugins", folder]);
        }

        var code = Pdmabuf.Run([.. args], new CliContext(stdout, stderr, interactive: false));

        Assert.True(code == 0, $"exit {code}: {stderr}");
        using var json = JsonDocument.Parse(stdout.ToString());
        return json.RootElement.GetProperty("plugins").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.Clone());
    }
}
