using System.Globalization;
using Microsoft.Extensions.Configuration;
using PluggableDmaBuf.Host.Configuration;
using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Pipeline.Graph;
using PluggableDmaBuf.Host.Plugins;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>
/// Turns a checked pipeline description into a <see cref="PipelinePlan"/>: the run-level sugar applied
/// (<c>--preview-at</c> as a late branch, <c>--source</c> and <c>--snapshot-every</c> as properties),
/// every element's stage found, and its properties bound and validated before the run starts, lowest
/// precedence first: the stage's defaults, configuration (<c>Plugins:&lt;plugin&gt;:&lt;device&gt;:&lt;stage&gt;:&lt;property&gt;</c>),
/// the sugar, the description. An unknown or invalid value is bad input naming where it came from.
/// </summary>
internal static class PlanBuilder
{
    private const string PreviewStage = "display0:overlay";

    /// <summary>Appends <c>&lt;first source&gt;. ! display0:overlay start-at=N</c>, the hot-plug preview.</summary>
    /// <exception cref="BadInputException">The graph already has the overlay stage.</exception>
    public static PipelineGraph WithPreview(PipelineGraph graph, int at)
    {
        if (graph.Elements.Any(e => e.Id == PreviewStage))
        {
            throw new BadInputException("Pipeline:PreviewAt", $"the pipeline already uses {PreviewStage}; give it start-at={at} in the description instead");
        }

        var source = Enumerable.Range(0, graph.Elements.Length).First(i => graph.InputOf(i) is null);
        return graph.WithBranch(source,
            new GraphElement("display0", "overlay", properties: [new GraphProperty(StageCatalog.StartAt, at.ToString(CultureInfo.InvariantCulture))]));
    }

    /// <summary>Checks <paramref name="graph"/> against the loaded stages and binds every element's properties.</summary>
    /// <param name="graph">A parsed description.</param>
    /// <param name="source">Where the description came from, for messages (<c>pipeline</c> or <c>Pipeline:Graph</c>).</param>
    /// <param name="catalog">The loaded stages.</param>
    /// <param name="instances">Fresh stage instances for this run (one of each registered stage).</param>
    /// <param name="plugins">The plugins, to tell a missing one from a misspelt stage.</param>
    /// <param name="configuration">The host's configuration, for <c>Plugins:…</c> property values.</param>
    /// <param name="options">The run's settings.</param>
    /// <param name="defaultCaps">The size a source uses when it has none of its own.</param>
    /// <exception cref="BadInputException">An unknown stage or property, an invalid value (exit code 2).</exception>
    /// <exception cref="PluginFailureException">A stage whose device no loaded plugin provides (exit code 4).</exception>
    public static PipelinePlan Build(PipelineGraph graph, string source, StageCatalog catalog, IEnumerable<PipelineStage> instances,
        PluginSet plugins, IConfiguration configuration, PipelineOptions options, StreamCaps defaultCaps)
    {
        CheckStages(graph, source, catalog, plugins);
        var stages = instances.ToDictionary(s => s.Id, StringComparer.Ordinal);
        for (var i = 0; i < graph.Elements.Length; i++)
        {
            if (stages[graph.Elements[i].Id].Output is not null && !graph.OutputsOf(i).Any())
            {
                throw new PipelineGraphException(source, graph.Elements[i].Column,
                    $"{graph.Elements[i].Id} produces frames, but nothing reads them (link it to a consumer with '!')");
            }
        }

        var configured = Configured(configuration, catalog, plugins);
        var elements = new PlanElement[graph.Elements.Length];
        var sugared = (Source: false, SnapshotEvery: false);
        for (var i = 0; i < elements.Length; i++)
        {
            var element = graph.Elements[i];
            var stage = stages[element.Id];
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (name, value) in configured.GetValueOrDefault(element.Id) ?? [])
            {
                values[name] = value;
            }

            var declares = stage.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            if (options.Source is { } input && graph.InputOf(i) is null && declares.Contains("source"))
            {
                values["source"] = Check(stage, "source", input, "Pipeline:Source");
                sugared.Source = true;
            }

            if (options.SnapshotEvery is { } every && declares.Contains("snapshot-every"))
            {
                values["snapshot-every"] = Check(stage, "snapshot-every", every.ToString(CultureInfo.InvariantCulture), "Pipeline:SnapshotEvery");
                sugared.SnapshotEvery = true;
            }

            int? startAt = null;
            foreach (var property in element.Properties)
            {
                var where = property.Column > 0 ? $"{source}: column {property.Column}" : source;
                if (property.Name == StageCatalog.StartAt)
                {
                    startAt = StartAt(element, property.Value, where, options.Frames);
                    continue;
                }

                values[property.Name] = Check(stage, property.Name, property.Value, where);
            }

            elements[i] = new PlanElement(stage, StageOptions.Bind(stage.Properties, values), startAt);
        }

        if (options.Source is not null && !sugared.Source)
        {
            throw new BadInputException("Pipeline:Source", "no source element of the pipeline has a 'source' property");
        }

        if (options.SnapshotEvery is not null && !sugared.SnapshotEvery)
        {
            throw new BadInputException("Pipeline:SnapshotEvery", "no element of the pipeline has a 'snapshot-every' property");
        }

        return new PipelinePlan(elements, [.. graph.Links.Select(l => new PlanLink(l.Producer, l.Consumer))], defaultCaps,
            options.Frames, EffectiveLinkDepth(options), TimeSpan.FromSeconds(options.StallTimeoutSeconds), Path.GetFullPath(options.Out),
            options.CopyBetweenStages);
    }

    /// <summary>
    /// A link never holds more buffers than the run has frames: a one-frame job creates one buffer a link,
    /// not the whole pool, and so spends neither the allocations, their pages nor their bookkeeping on
    /// buffers no frame would use. More buffers could never overlap more frames than there are.
    /// </summary>
    private static int EffectiveLinkDepth(PipelineOptions options) => Math.Min(options.LinkDepth, options.Frames);

    /// <summary>
    /// Every stage must exist. One whose device no loaded plugin registers, with no near miss among the
    /// known stages, means a plugin is missing or failed to load (exit code 4, naming which); any other
    /// unknown stage is a mistake in the description (exit code 2, with the known stages).
    /// </summary>
    private static void CheckStages(PipelineGraph graph, string source, StageCatalog catalog, PluginSet plugins)
    {
        try
        {
            GraphCatalogCheck.Check(graph, catalog, source);
        }
        catch (UnknownStageException e) when (e.Suggestion is null && !plugins.Loaded.Any(p => p.Devices.Any(d => d.Device.Name == e.Device)))
        {
            var failed = plugins.Failed.Select(p => $"{p.Name}: {p.Error}").ToArray();
            throw new PluginFailureException(e.Device, $"the pipeline needs stage {e.Id}, which no loaded plugin provides" +
                (failed.Length > 0
                    ? $" (failed plugins: {string.Join("; ", failed)})"
                    : $" (plugin folders: {string.Join(", ", plugins.Plugins.Select(p => p.Path).DefaultIfEmpty("none found"))})"), e);
        }
    }

    private static int StartAt(GraphElement element, string text, string where, int frames) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var at) && at < frames
            ? at
            : throw new BadInputException(where, $"{element.Id} {StageCatalog.StartAt}: '{GraphSyntax.Excerpt(text)}' is not a frame of this run (0 to {frames - 1})");

    /// <summary>Parses one value against the stage's declaration, naming where it came from when it fails.</summary>
    /// <param name="stage">The stage.</param>
    /// <param name="name">The property's name.</param>
    /// <param name="value">The value as text.</param>
    /// <param name="where">Where the value came from.</param>
    /// <param name="named">Whether the message names the stage and property (<paramref name="where"/>, a configuration key, may already).</param>
    private static string Check(PipelineStage stage, string name, string value, string where, bool named = true)
    {
        var property = stage.Properties.FirstOrDefault(p => p.Name == name)
            ?? throw new BadInputException(where, $"{stage.Id} has no property {name}");
        try
        {
            property.ParseValue(value);
        }
        catch (InvalidConstraintException e)
        {
            throw new BadInputException(where, named ? $"{stage.Id} {e.Property}: {e.Reason}" : e.Reason, e);
        }

        return value;
    }

    /// <summary>
    /// The values of <c>Plugins:&lt;plugin&gt;:&lt;device&gt;:&lt;stage&gt;:&lt;property&gt;</c>, by stage id,
    /// each checked (all of them, whether the pipeline uses the stage or not: a misspelt key is an error).
    /// <c>Plugins:Folders</c> is the host's; a plugin that failed to load is skipped (its failure is reported).
    /// </summary>
    private static Dictionary<string, Dictionary<string, string>> Configured(IConfiguration configuration, StageCatalog catalog, PluginSet plugins)
    {
        var values = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var plugin in configuration.GetSection(PluginOptions.Section).GetChildren())
        {
            if (string.Equals(plugin.Key, nameof(PluginOptions.Folders), StringComparison.OrdinalIgnoreCase) ||
                plugins.Failed.Any(p => string.Equals(p.Name, plugin.Key, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            PipelineStage[] stages = [.. catalog.StagesOf(plugin.Key)];
            if (stages.Length == 0)
            {
                throw new BadInputException(plugin.Path, plugins.Loaded.Any(p => string.Equals(p.Name, plugin.Key, StringComparison.OrdinalIgnoreCase))
                    ? "this plugin provides no pipeline stage"
                    : $"unknown setting (expected Folders or a plugin with stages: {string.Join(", ", plugins.Loaded.Select(p => p.Name).Where(p => catalog.StagesOf(p).Any()))})");
            }

            foreach (var device in plugin.GetChildren())
            {
                foreach (var stageSection in device.GetChildren())
                {
                    var stage = stages.FirstOrDefault(s => string.Equals(s.Device.Name, device.Key, StringComparison.OrdinalIgnoreCase) &&
                        string.Equals(s.Name, stageSection.Key, StringComparison.OrdinalIgnoreCase))
                        ?? throw new BadInputException(stageSection.Path, $"unknown stage (plugin {plugin.Key} provides: {string.Join(", ", stages.Select(s => s.Id))})");
                    var row = values.TryGetValue(stage.Id, out var existing) ? existing : values[stage.Id] = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (var setting in stageSection.GetChildren())
                    {
                        var property = stage.Properties.FirstOrDefault(p => string.Equals(p.Name, setting.Key, StringComparison.OrdinalIgnoreCase))
                            ?? throw new BadInputException(setting.Path, stage.Properties.Count == 0
                                ? "unknown property (this stage has none)"
                                : $"unknown property (known: {string.Join(", ", stage.Properties.Select(p => p.Name))})");
                        if (setting.GetChildren().Any() || setting.Value is null)
                        {
                            throw new BadInputException(setting.Path, "expected a value, got a section");
                        }

                        row[property.Name] = Check(stage, property.Name, setting.Value, setting.Path, named: false);
                    }
                }
            }
        }

        return values;
    }
}
