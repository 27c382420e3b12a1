using PluggableDmaBuf.Integration.Tests.Pipeline.Support;
using PluggableDmaBuf.Integration.Tests.Plugins;

namespace PluggableDmaBuf.Integration.Tests.Reliability;

/// <summary>
/// A plugin folder or assembly the user running the host may not read: that plugin fails with
/// "permission denied" and every other plugin still loads (before, the access exception escaped
/// and no plugin loaded at all). Root reads files whatever their mode, so when the tests run as
/// root the real host runs as <c>nobody</c> (through <c>setpriv</c>) over a copy of the plugins
/// that <c>nobody</c> may read except for the two made unreadable.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class UnreadablePluginTests : IDisposable
{
    private static readonly UnixFileMode s_readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
        UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private readonly RunFolder _folder = new();

    [Fact]
    public async Task An_unreadable_plugin_folder_or_assembly_fails_that_plugin_only()
    {
        using var folder = new PluginFolder().WithReal("CentralAllocator").WithReal("Display").WithReal("Gpu").WithReal("Video");
        var plugins = folder.Path;

        // The copies are this user's; the host as nobody must reach them.
        foreach (var entry in Directory.GetFileSystemEntries(plugins, "*", SearchOption.AllDirectories).Append(plugins))
        {
            File.SetUnixFileMode(entry, s_readable);
        }

        var gpu = folder.Sub("PluggableDmaBuf.Plugins.Gpu");
        var display = Path.Combine(folder.Sub("PluggableDmaBuf.Plugins.Display"), "PluggableDmaBuf.Plugins.Display.dll");
        File.SetUnixFileMode(gpu, UnixFileMode.None);
        File.SetUnixFileMode(display, UnixFileMode.None);
        try
        {
            var run = await HostProcess.RunAsync(["plugins", "--plugins", plugins, "--json"], asNobody: HostProcess.IsRoot);

            Assert.True(run.ExitCode == 0, run.ToString());
            using var listing = System.Text.Json.JsonDocument.Parse(run.Out);
            var errors = listing.RootElement.GetProperty("plugins").EnumerateArray()
                .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("error").GetString());
            Assert.Equal("cannot list the folder: permission denied", errors["PluggableDmaBuf.Plugins.Gpu"]);
            Assert.Equal("PluggableDmaBuf.Plugins.Display.dll: permission denied", errors["PluggableDmaBuf.Plugins.Display"]);
            Assert.Null(errors["PluggableDmaBuf.Plugins.Video"]);
            Assert.Null(errors["PluggableDmaBuf.Plugins.CentralAllocator"]);
        }
        finally
        {
            // Let the folder be deleted (as a non-root user the modes would stop that too).
            File.SetUnixFileMode(gpu, s_readable);
            File.SetUnixFileMode(display, s_readable);
        }
    }

    [Fact]
    public async Task A_plugin_folder_given_with_plugins_that_cannot_be_listed_is_bad_input()
    {
        var plugins = Directory.CreateDirectory(_folder.File("locked")).FullName;
        File.SetUnixFileMode(_folder.Path, s_readable);
        File.SetUnixFileMode(plugins, UnixFileMode.None);
        try
        {
            var run = await HostProcess.RunAsync(["plugins", "--plugins", plugins], asNobody: HostProcess.IsRoot);

            Assert.Equal(2, run.ExitCode);
            Assert.Equal([$"{plugins}: cannot list the plugin folder: permission denied"], run.ErrorLines);
        }
        finally
        {
            File.SetUnixFileMode(plugins, s_readable);
        }
    }

    public void Dispose() => _folder.Dispose();
}
