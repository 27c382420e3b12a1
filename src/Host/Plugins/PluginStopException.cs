namespace PluggableDmaBuf.Host.Plugins;

/// <summary>One or more plugins failed while stopping; every plugin was still asked to stop, in reverse load order.</summary>
internal sealed class PluginStopException(IReadOnlyList<(string Plugin, Exception Error)> failures)
    : DmaBufException($"{failures.Count} plugin{(failures.Count == 1 ? "" : "s")} failed to stop: " +
        string.Join("; ", failures.Select(f => $"{f.Plugin} ({f.Error.GetType().Name}: {f.Error.Message})")))
{
    /// <summary>The failures, in the order the plugins were stopped (reverse load order).</summary>
    public IReadOnlyList<(string Plugin, Exception Error)> Failures { get; } = failures;
}
