namespace PluggableDmaBuf.Host.Hosting;

/// <summary>What the command line says about building the host: the config file, plugin folders and setting overrides.</summary>
internal sealed class HostSettings
{
    public string? ConfigFile { get; init; }

    /// <summary>Folders from <c>--plugins</c>; when any are given they replace the configured ones.</summary>
    public IReadOnlyList<string> PluginFolders { get; init; } = [];

    /// <summary>Command-line options as configuration keys (highest precedence).</summary>
    public Dictionary<string, string?> Overrides { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Verbose { get; init; }
}
