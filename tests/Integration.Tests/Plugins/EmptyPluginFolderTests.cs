using System.Text.Json;
using PluggableDmaBuf.Host.Cli;

namespace PluggableDmaBuf.Integration.Tests.Plugins;

/// <summary>A <c>--plugins</c> folder that yields no plugin says precisely why, in the JSON and without --verbose in the listing.</summary>
public sealed class EmptyPluginFolderTests
{
    private const string Hint = " (a folder of plugins holds one sub-folder per plugin, <Name>/<Name>.dll; a plugin's own folder holds its <Name>.dll directly)";

    [Fact]
    public void An_empty_folder_says_it_is_empty()
    {
        using var folder = new PluginFolder();

        Assert.Equal("no plugin found: the folder is empty" + Hint, Problem(folder.Path));
    }

    [Fact]
    public void A_folder_of_other_files_names_them()
    {
        using var folder = new PluginFolder();
        File.WriteAllText(folder.Sub("notes.txt"), "");

        Assert.Equal("no plugin found: it has no sub-folders and no .dll files, only notes.txt" + Hint, Problem(folder.Path));
    }

    [Fact]
    public void Sub_folders_without_their_assembly_are_named()
    {
        using var folder = new PluginFolder().With("Fixture.Good");
        Directory.Move(folder.Sub("Fixture.Good"), folder.Sub("Good"));
        Directory.CreateDirectory(folder.Sub("Empty"));

        Assert.Equal("no plugin found: none of its sub-folders holds an assembly named after it (Empty/Empty.dll, Good/Good.dll missing)" + Hint,
            Problem(folder.Path));
    }

    [Fact]
    public void Assemblies_lying_in_it_that_are_not_plugins_are_named_with_why()
    {
        using var folder = new PluginFolder().With("Fixture.NeedsDependency");
        File.Move(Path.Combine(folder.Sub("Fixture.NeedsDependency"), "Fixture.Dependency.dll"), folder.Sub("Fixture.Dependency.dll"));
        File.Copy(typeof(IDmaBufPlugin).Assembly.Location, folder.Sub("PluggableDmaBuf.Abstractions.dll"));
        File.WriteAllBytes(folder.Sub("Broken.dll"), [0x4D, 0x5A, 1, 2, 3]);
        Directory.Delete(folder.Sub("Fixture.NeedsDependency"), recursive: true);

        Assert.Equal("no plugin found: no .dll directly in it is a plugin (Broken.dll: not a valid .NET assembly; " +
            "Fixture.Dependency.dll: does not reference PluggableDmaBuf.Abstractions; " +
            "PluggableDmaBuf.Abstractions.dll: PluggableDmaBuf.Abstractions itself, which the host provides)" + Hint, Problem(folder.Path));
    }

    [Fact]
    public void A_folder_whose_plugins_all_failed_says_so()
    {
        using var folder = new PluginFolder().With("Fixture.Incompatible");

        Assert.Equal("no plugin loaded: every plugin in it failed (Fixture.Incompatible; see their errors)", Problem(folder.Path));
    }

    [Fact]
    public void A_folder_with_one_loaded_plugin_has_no_problem()
    {
        using var folder = new PluginFolder().With("Fixture.Good").With("Fixture.Incompatible");

        Assert.Null(Problem(folder.Path));
    }

    [Fact]
    public void The_listing_says_why_without_verbose()
    {
        using var folder = new PluginFolder();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var code = Pdmabuf.Run(["plugins", "--plugins", folder.Path], new CliContext(stdout, stderr, interactive: false));

        Assert.Equal(0, code);
        Assert.Contains($"error {folder.Path}: no plugin found: the folder is empty", stdout.ToString(), StringComparison.Ordinal);
    }

    private static string? Problem(string folder)
    {
        using var json = PluginOwnFolderTests.PluginsJson(folder);
        var searched = Assert.Single(json.RootElement.GetProperty("folders").EnumerateArray());
        return searched.GetProperty("problem").ValueKind == JsonValueKind.Null ? null : searched.GetProperty("problem").GetString();
    }
}
