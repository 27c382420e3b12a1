namespace PluggableDmaBuf.Host.Plugins;

/// <summary>Why one plugin folder could not be loaded; recorded on its <see cref="PluginRecord"/>, never fatal on its own.</summary>
internal sealed class PluginLoadException(string message) : DmaBufException(message);
