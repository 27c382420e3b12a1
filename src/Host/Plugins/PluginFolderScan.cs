namespace PluggableDmaBuf.Host.Plugins;

/// <summary>
/// One plugin folder as discovery found it: the candidates it holds, either one per sub-folder
/// (a folder of plugins) or the plugin assemblies lying directly in it (a plugin's own folder), and
/// what it holds that is not a plugin, so that a folder yielding no plugin can say why.
/// </summary>
internal sealed class PluginFolderScan
{
    public PluginFolderScan(string path, bool isDefault, IReadOnlyList<PluginCandidate> candidates, bool ownFolder,
        IReadOnlyList<string> subFolders, IReadOnlyList<string> notPlugins, IReadOnlyList<string> otherFiles)
    {
        Path = path;
        IsDefault = isDefault;
        Candidates = candidates;
        OwnFolder = ownFolder;
        SubFolders = subFolders;
        NotPlugins = notPlugins;
        OtherFiles = otherFiles;
    }

    /// <summary>The folder, as a full path.</summary>
    public string Path { get; }

    /// <summary>Whether it is the default folder, <c>plugins/</c> beside the host's binaries (no folder was given).</summary>
    public bool IsDefault { get; }

    public IReadOnlyList<PluginCandidate> Candidates { get; }

    /// <summary>Whether the folder is a plugin's own folder: its candidates are assemblies lying directly in it.</summary>
    public bool OwnFolder { get; }

    /// <summary>The names of its sub-folders.</summary>
    public IReadOnlyList<string> SubFolders { get; }

    /// <summary>The .dll files lying directly in it that are not plugin assemblies, each as "NAME.dll: why".</summary>
    public IReadOnlyList<string> NotPlugins { get; }

    /// <summary>The names of the files lying directly in it that are not .dll files.</summary>
    public IReadOnlyList<string> OtherFiles { get; }

    /// <summary>How many of its plugins loaded; set after loading.</summary>
    public int Loaded { get; internal set; }

    /// <summary>Why the folder yielded no loaded plugin, or <c>null</c> when at least one loaded; set after loading.</summary>
    public string? Problem { get; internal set; }
}
