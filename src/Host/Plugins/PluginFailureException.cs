namespace PluggableDmaBuf.Host.Plugins;

/// <summary>A plugin the job needs is missing or failed (exit code 4), or a loaded plugin failed to start.</summary>
internal sealed class PluginFailureException(string plugin, string message, Exception? inner = null) : DmaBufException(message, inner)
{
    public string Plugin { get; } = plugin;
}
