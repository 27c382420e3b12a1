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

    /// <summary>
    /// Whether each plugin gets a collectible load context, so that unloading it frees its code: the default, for
    /// whoever builds several hosts in one process (tests, embedders). The runtime runs a collectible assembly's
    /// methods neither from their ReadyToRun code nor through tiered compilation (each is JIT-compiled fully
    /// optimised on its first call), so a command that owns its process loads the plugins non-collectible
    /// instead: their precompiled code is used, and the process's exit is their unloading.
    /// </summary>
    public bool CollectiblePlugins { get; init; } = true;
}
