namespace PluggableDmaBuf.Host.Plugins;

/// <summary>
/// Finds plugin candidates: every sub-folder of each plugin folder, in folder order and then by
/// ordinal name, so load order (and so registration and stop order) is stable.
/// </summary>
internal static class PluginDiscovery
{
    /// <summary>The default plugin folder: <c>plugins/</c> beside the host's binaries.</summary>
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "plugins");

    public static IReadOnlyList<PluginCandidate> Discover(IEnumerable<string> folders)
    {
        var candidates = new List<PluginCandidate>();
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder))
            {
                throw new Errors.BadInputException(folder, File.Exists(folder) ? "plugin folder is a file, not a folder" : "plugin folder does not exist");
            }

            string[] subs;
            try
            {
                subs = Directory.GetDirectories(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new Errors.BadInputException(folder, $"cannot list the plugin folder: {(e is UnauthorizedAccessException ? "permission denied" : e.Message)}", e);
            }

            foreach (var sub in subs.OrderBy(d => d, StringComparer.Ordinal))
            {
                candidates.Add(new PluginCandidate(System.IO.Path.GetFileName(sub), System.IO.Path.GetFullPath(sub)));
            }
        }

        return candidates;
    }
}
