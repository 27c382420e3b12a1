using PluggableDmaBuf.Host.Plugins;

namespace PluggableDmaBuf.Host.Cli;

/// <summary>
/// Every stage the loaded plugins registered, each read once from its own instance created through the
/// host's services and never configured (so nothing is opened or started), then disposed if it is
/// disposable and was created for the listing. A stage whose constructor or declarations throw, or whose declarations cannot work
/// (no port, a device its plugin does not register, a duplicate name), is listed with its error; the
/// others are unaffected.
/// </summary>
internal sealed class StageListings
{
    private StageListings(IReadOnlyList<StageListing> stages) => Stages = stages;

    /// <summary>The stages in plugin order, then registration order.</summary>
    public IReadOnlyList<StageListing> Stages { get; }

    /// <summary>The ids of the stages that can be used.</summary>
    public IEnumerable<string> UsableIds => Stages.Where(s => s.Error is null).Select(s => s.Id!);

    public IEnumerable<StageListing> Of(PluginRecord plugin) => Stages.Where(s => ReferenceEquals(s.Plugin, plugin));

    public static async Task<StageListings> ReadAsync(PluginSet plugins, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(services);
        var stages = new List<StageListing>();
        var owners = new Dictionary<string, PluginRecord>(StringComparer.Ordinal);
        foreach (var plugin in plugins.Loaded)
        {
            foreach (var registration in plugin.Stages)
            {
                var stage = await ReadAsync(plugin, registration, services).ConfigureAwait(false);
                if (stage.Id is { } id && !owners.TryAdd(id, plugin))
                {
                    stage = stage with
                    {
                        Error = stage.Error ?? (ReferenceEquals(owners[id], plugin)
                            ? $"stage {id} is registered twice"
                            : $"stage {id} is already registered by plugin {owners[id].Name}"),
                    };
                }

                stages.Add(stage);
            }
        }

        return new StageListings(stages);
    }

    private static async ValueTask<StageListing> ReadAsync(PluginRecord plugin, StageRegistration registration, IServiceProvider services)
    {
        var listing = new StageListing { Plugin = plugin, TypeName = registration.TypeName };
        var type = registration.StageType?.Name ?? "";
        PipelineStage? stage = null;

        // Which member is being read, so that the error says what threw.
        var member = "constructor";
        try
        {
            stage = registration.Create(services);
            type = stage.GetType().Name;
            listing = listing with
            {
                TypeName = stage.GetType().FullName ?? type,
                Id = stage.Id,
                Name = stage.Name,
                DeviceName = stage.Device.Name,
                Device = plugin.Devices.FirstOrDefault(d => string.Equals(d.Device.Name, stage.Device.Name, StringComparison.Ordinal)),
            };
            member = nameof(PipelineStage.Description);
            var description = stage.Description ?? "";
            member = nameof(PipelineStage.Input);
            var input = stage.Input;
            member = nameof(PipelineStage.Output);
            var output = stage.Output;
            member = nameof(PipelineStage.Properties);
            var properties = stage.Properties ?? [];
            member = nameof(PipelineStage.Values);
            var values = stage.Values ?? [];
            member = nameof(PipelineStage.OutputExporter);
            var ownExporter = stage.OutputExporter is not null;
            listing = listing with
            {
                Description = OneLine(description),
                Input = input,
                Output = output,
                Properties = [.. properties],
                Values = [.. values],
                OwnExporter = ownExporter,
            };
            listing = listing with { Error = Problem(listing) };
        }
        catch (Exception e)
        {
            listing = listing with
            {
                Error = member != "constructor" ? $"{type}.{member} threw {Describe(e)}"
                    : registration.StageType is null ? $"the stage factory threw {Describe(e)}"
                    : $"{type} constructor threw {Describe(e)}",
            };
        }

        if (stage is not null && !registration.IsSharedInstance)
        {
            try
            {
                await DisposeAsync(stage).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                listing = listing with { Error = listing.Error ?? $"{type}.Dispose threw {Describe(e)}" };
            }
        }

        return listing;
    }

    /// <summary>What makes declarations that read fine unusable in a pipeline; <c>null</c> when nothing does.</summary>
    private static string? Problem(StageListing stage)
    {
        if (stage.Device is null)
        {
            return $"stage {stage.Id} runs on device {stage.DeviceName}, which plugin {stage.Plugin.Name} does not register";
        }

        if (stage.Input is null && stage.Output is null)
        {
            return $"stage {stage.Id} declares neither an input nor an output, so no pipeline can use it";
        }

        if (stage.Properties.Any(p => p is null) || stage.Values.Any(v => v is null))
        {
            return $"stage {stage.Id} lists a null property or value";
        }

        var property = stage.Properties.GroupBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (property is not null)
        {
            return $"stage {stage.Id} declares property '{property.Key}' twice";
        }

        var value = stage.Values.GroupBy(v => v.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return value is null ? null : $"stage {stage.Id} declares value '{value.Key}' twice";
    }

    private static async ValueTask DisposeAsync(PipelineStage stage)
    {
        switch (stage)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {OneLine(e.Message)}";

    /// <summary>A plugin's text as one line: a listing row or an error line must not break.</summary>
    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
