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

    /// <summary>The pipeline stages the plugin registered, in registration order (for the listing and <c>pdmabuf inspect</c>).</summary>
    public List<StageRegistration> Stages { get; } = [];

    /// <summary>Every service the plugin registered other than its devices and heaps, by service type name (for the listing).</summary>
    public List<string> Services { get; } = [];

    /// <summary>
    /// The device names a failed plugin had registered before it failed (empty for a loaded one): a stage
    /// <c>device:name</c> on one of them is that plugin's, which is how <c>pdmabuf inspect</c> names it.
    /// </summary>
    public List<string> FailedDevices { get; } = [];

    public string? Error { get; set; }

    public bool Loaded => Error is null;

    internal IDmaBufPlugin? Entry { get; set; }

    internal PluginAssemblyLoader? Loader { get; set; }
}
