using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.IO;

namespace PluggableDmaBuf.Host.Plugins;

/// <summary>
/// Finds plugin candidates in each plugin folder, in folder order and then by ordinal name, so load
/// order (and so registration and stop order) is stable. A folder is either a plugin's own folder —
/// it holds <c>&lt;FolderName&gt;.dll</c>, or an assembly declaring an <see cref="IDmaBufPlugin"/>, directly —
/// or a folder of plugins, one sub-folder each (<c>&lt;Name&gt;/&lt;Name&gt;.dll</c>).
/// </summary>
internal static class PluginDiscovery
{
    private const int MaxNamesShown = 8;

    /// <summary>What a folder of plugins and a plugin's own folder hold, said when a folder yields no plugin.</summary>
    internal const string LayoutHint =
        "a folder of plugins holds one sub-folder per plugin, <Name>/<Name>.dll; a plugin's own folder holds its <Name>.dll directly";

    /// <summary>The default plugin folder: <c>plugins/</c> beside the host's binaries.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "plugins");

    public static IReadOnlyList<PluginFolderScan> Discover(IEnumerable<string> folders)
    {
        var scans = new List<PluginFolderScan>();
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder))
            {
                throw new BadInputException(folder, File.Exists(folder) ? "plugin folder is a file, not a folder" : "plugin folder does not exist");
            }

            scans.Add(Scan(Path.GetFullPath(folder), string.Equals(Path.GetFullPath(folder), Path.GetFullPath(DefaultFolder), StringComparison.Ordinal)));
        }

        return scans;
    }

    /// <summary>
    /// Says why <paramref name="scan"/> yielded no loaded plugin, given the records of its candidates, or
    /// <c>null</c> when one loaded. Sets <see cref="PluginFolderScan.Loaded"/> and <see cref="PluginFolderScan.Problem"/>.
    /// </summary>
    public static void Explain(PluginFolderScan scan, IReadOnlyList<PluginRecord> records)
    {
        scan.Loaded = records.Count(r => r.Loaded);
        scan.Problem = scan.Loaded > 0 ? null : Why(scan, records);
    }

    private static string Why(PluginFolderScan scan, IReadOnlyList<PluginRecord> records)
    {
        if (records.Any(r => !r.Error!.StartsWith($"not a plugin: no {r.Name}.dll", StringComparison.Ordinal)))
        {
            return $"no plugin loaded: every plugin in it failed ({Names(records.Select(r => ErrorText.Name(r.Name)))}; see their errors)";
        }

        var parts = new List<string>();
        if (scan.SubFolders.Count > 0)
        {
            parts.Add($"none of its sub-folders holds an assembly named after it ({Names(scan.SubFolders.Select(s => $"{ErrorText.Name(s)}/{ErrorText.Name(s)}.dll"))} missing)");
        }

        if (scan.NotPlugins.Count > 0)
        {
            parts.Add($"no .dll directly in it is a plugin ({Names(scan.NotPlugins, "; ")})");
        }

        if (parts.Count == 0)
        {
            parts.Add(scan.OtherFiles.Count == 0
                ? "the folder is empty"
                : $"it has no sub-folders and no .dll files, only {Names(scan.OtherFiles.Select(ErrorText.Name))}");
        }

        return $"no plugin found: {string.Join("; and ", parts)} ({LayoutHint})";
    }

    private static PluginFolderScan Scan(string folder, bool isDefault)
    {
        string[] subs;
        string[] files;
        try
        {
            subs = Directory.GetDirectories(folder);
            files = Directory.GetFiles(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException(folder, $"cannot list the plugin folder: {(e is UnauthorizedAccessException ? "permission denied" : e.Message)}", e);
        }

        var subNames = subs.Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
        var dlls = files.Where(f => f.EndsWith(".dll", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
        var others = files.Except(dlls).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();

        // A plugin's own folder: named after its assembly (bin/…/Contoso.Scaler/ holding Contoso.Scaler.dll),
        // or holding a plugin assembly among its dependencies (a build output folder such as net10.0/).
        var folderName = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        var own = dlls.FirstOrDefault(d => string.Equals(Path.GetFileNameWithoutExtension(d), folderName, StringComparison.Ordinal));
        if (own is not null)
        {
            return new PluginFolderScan(folder, isDefault, [new PluginCandidate(folderName, folder)], ownFolder: true, subNames, [], others);
        }

        var plugins = new List<PluginCandidate>();
        var notPlugins = new List<string>();
        foreach (var dll in dlls)
        {
            var name = Path.GetFileNameWithoutExtension(dll);
            var why = WhyNotAPlugin(dll);
            if (why is null)
            {
                plugins.Add(new PluginCandidate(name, folder));
            }
            else
            {
                notPlugins.Add($"{ErrorText.Name(name)}.dll: {why}");
            }
        }

        if (plugins.Count > 0)
        {
            return new PluginFolderScan(folder, isDefault, plugins, ownFolder: true, subNames, notPlugins, others);
        }

        var candidates = subNames.Select(s => new PluginCandidate(s, Path.Combine(folder, s))).ToArray();
        return new PluginFolderScan(folder, isDefault, candidates, ownFolder: false, subNames, notPlugins, others);
    }

    private static string? WhyNotAPlugin(string dll)
    {
        if (!InputFile.TryOpen(dll, out var file, out var problem, bufferSize: 0))
        {
            return problem;
        }

        using (file)
        {
            return AssemblyInspector.WhyNotAPluginAssembly(file);
        }
    }

    /// <summary>Names already made printable, listed up to <see cref="MaxNamesShown"/>.</summary>
    private static string Names(IEnumerable<string> names, string separator = ", ")
    {
        var all = names.ToArray();
        return all.Length <= MaxNamesShown
            ? string.Join(separator, all)
            : string.Join(separator, all.Take(MaxNamesShown)) + $"{separator}and {all.Length - MaxNamesShown} more";
    }
}
