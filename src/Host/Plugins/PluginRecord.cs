namespace PluggableDmaBuf.Host.Plugins;

/// <summary>
/// What the host knows of one plugin folder after loading it: its identity, what it registered,
/// and its load error if it failed. Failed plugins keep their record so <c>pdmabuf plugins</c> can list them.
/// </summary>
internal sealed class PluginRecord
{
    public PluginRecord(string name, string path)
    {
        Name = name;
        Path = path;
    }

    public string Name { get; }

    /// <summary>The plugin's folder.</summary>
    public string Path { get; }

    public string? Version { get; set; }

    /// <summary>The Abstractions version the plugin was built against.</summary>
    public Version? AbstractionsVersion { get; set; }

    public List<DeviceRegistration> Devices { get; } = [];

    public List<HeapRegistration> Heaps { get; } = [];

    /// <summary>Other services the plugin registered, by service type name (for the listing).</summary>
    public List<string> Services { get; } = [];

    public string? Error { get; set; }

    public bool Loaded => Error is null;

    internal IDmaBufPlugin? Entry { get; set; }

    internal PluginAssemblyLoader? Loader { get; set; }
}
