namespace PluggableDmaBuf.Host.Plugins;

/// <summary>A sub-folder of a plugin folder: <c>&lt;Name&gt;/&lt;Name&gt;.dll</c> when it holds a plugin.</summary>
internal sealed record PluginCandidate(string Name, string Folder)
{
    public string AssemblyPath => Path.Combine(Folder, Name + ".dll");
}
