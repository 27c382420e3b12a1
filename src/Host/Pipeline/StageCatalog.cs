using PluggableDmaBuf.Host.Pipeline.Graph;
using PluggableDmaBuf.Host.Plugins;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>
/// The stages the loaded plugins provide, by id, with their shapes for graph checks and the plugin
/// each belongs to (the one that registers its device), which names its configuration section.
/// </summary>
internal sealed class StageCatalog : IStageCatalog
{
    /// <summary>The element properties the host handles for every stage with an input.</summary>
    public const string StartAt = "start-at";

    private readonly Dictionary<string, (PipelineStage Stage, string Plugin)> _stages = new(StringComparer.Ordinal);

    /// <param name="stages">One instance of every registered stage, to read its declarations.</param>
    /// <param name="plugins">The plugins, to tell which one registers each stage's device.</param>
    /// <exception cref="PluginFailureException">Two plugins provide the same stage id.</exception>
    public StageCatalog(IEnumerable<PipelineStage> stages, PluginSet plugins)
    {
        foreach (var stage in stages)
        {
            var plugin = plugins.Loaded.FirstOrDefault(p => p.Devices.Any(d => d.Device.Name == stage.Device.Name))?.Name ?? "?";
            if (!_stages.TryAdd(stage.Id, (stage, plugin)))
            {
                throw new PluginFailureException(plugin, $"two plugins provide stage {stage.Id}: {_stages[stage.Id].Plugin} and {plugin}; keep one");
            }
        }
    }

    public IReadOnlyCollection<string> StageIds => _stages.Keys;

    public bool TryGetShape(string id, out StageShape shape)
    {
        if (!_stages.TryGetValue(id, out var entry))
        {
            shape = null!;
            return false;
        }

        var stage = entry.Stage;
        IEnumerable<string> names = stage.Properties.Select(p => p.Name);
        shape = new StageShape(stage.Input is not null, stage.Output is not null,
            [.. stage.Input is null ? names : names.Append(StartAt)]);
        return true;
    }

    /// <summary>The declared properties of stage <paramref name="id"/>.</summary>
    public IReadOnlyList<StageProperty> Properties(string id) => _stages[id].Stage.Properties;

    /// <summary>The plugin (assembly name) that provides stage <paramref name="id"/>.</summary>
    public string PluginOf(string id) => _stages[id].Plugin;

    /// <summary>The stages a plugin provides, for its configuration section.</summary>
    public IEnumerable<PipelineStage> StagesOf(string plugin) =>
        _stages.Values.Where(s => string.Equals(s.Plugin, plugin, StringComparison.OrdinalIgnoreCase)).Select(s => s.Stage);
}
