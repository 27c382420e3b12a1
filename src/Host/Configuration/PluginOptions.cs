namespace PluggableDmaBuf.Host.Configuration;

/// <summary>The <c>Plugins</c> section: where plugins are loaded from.</summary>
internal sealed class PluginOptions
{
    public const string Section = "Plugins";

    /// <summary>Plugin folders; empty means <c>plugins/</c> beside the host. <c>--plugins DIR</c> (repeatable) replaces them.</summary>
    public List<string> Folders { get; set; } = [];
}
