namespace PluggableDmaBuf.Host.Plugins;

/// <summary>A plugin cannot be unloaded while a buffer it exported is alive (design §2 invariant 2).</summary>
internal sealed class PluginBusyException(string message) : DmaBufException(message);
