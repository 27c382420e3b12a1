using PluggableDmaBuf.Host.Text;
using System.CommandLine;
using System.Text.Json;
using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Hosting;
using PluggableDmaBuf.Host.Plugins;
using Spectre.Console;

namespace PluggableDmaBuf.Host.Cli;

/// <summary>
/// <c>pdmabuf inspect STAGE [--json]</c>, after gst-inspect: everything about one stage — its plugin, its
/// device with the device's constraints, both ports, every property with how to set it, its values and
/// whether it brings its own exporter. Exit 2 for an unknown stage (with the known ones and a near miss),
/// 4 when the stage's plugin failed to load or the stage itself cannot be created.
/// </summary>
internal static class InspectCommand
{
    public static Command Create(CliContext context)
    {
        var common = new CommonOptions(context);
        var stage = new Argument<string>("STAGE")
        {
            Description = "The stage as device:name, for example gpu0:convert ('pdmabuf plugins' lists them).",
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: { \"plugin\": ..., \"device\": ..., \"stage\": ... }." };
        var command = new Command("inspect",
            "Show everything about one stage: plugin, device and its constraints, ports, properties and how to set them, values. " +
            "Exit codes: 0 shown, 2 unknown stage, 4 its plugin failed to load or the stage cannot be created.")
        {
            stage,
            json,
        };
        common.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = PdmabufApp.Build(common.ToListingSettings(parse));
            var catalog = await StageListings.ReadAsync(app.Plugins, app.Services).ConfigureAwait(false);
            var found = Find(catalog, app.Plugins, parse.GetValue(stage)!);
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(ToJson(found));
            }
            else
            {
                WriteHuman(context.Console, found);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The usable stage <paramref name="id"/>, or the error that says why there is none.</summary>
    /// <exception cref="PluginFailureException">The stage's plugin failed to load, or the stage cannot be created or used (exit 4).</exception>
    /// <exception cref="BadInputException">No plugin knows the stage (exit 2).</exception>
    internal static StageListing Find(StageListings catalog, PluginSet plugins, string id)
    {
        var match = catalog.Stages.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.Ordinal));
        if (match is { Error: null })
        {
            return match;
        }

        if (match is not null)
        {
            throw new PluginFailureException(match.Plugin.Name, $"stage {id} of plugin {match.Plugin.Name} ({match.Plugin.Path}) cannot be used: {match.Error}");
        }

        var device = id.Split(':')[0];
        var failed = plugins.Failed.FirstOrDefault(p => p.FailedDevices.Contains(device, StringComparer.Ordinal));
        if (failed is not null)
        {
            throw new PluginFailureException(failed.Name, $"stage {id}: plugin {failed.Name} ({failed.Path}), which registers {device}, failed to load: {failed.Error}");
        }

        // A stage that could not be created has no id; its plugin's device is as near as it can be named.
        var owner = plugins.Loaded.FirstOrDefault(p => p.Devices.Any(d => string.Equals(d.Device.Name, device, StringComparison.Ordinal)));
        var broken = owner is null ? [] : catalog.Of(owner).Where(s => s.Id is null).ToArray();
        if (owner is not null && broken.Length > 0)
        {
            throw new PluginFailureException(owner.Name, $"stage {id} is not among the stages of plugin {owner.Name} ({owner.Path}) that could be created; " +
                string.Join("; ", broken.Select(s => s.Error)));
        }

        var known = catalog.UsableIds.ToArray();
        var suggestion = DidYouMean.Suggest(id, known) ?? known.FirstOrDefault(k => k.StartsWith(id + ":", StringComparison.Ordinal));
        var failedPlugins = plugins.Failed.Select(p => p.Name).ToArray();
        throw new BadInputException(id, "no such stage" +
            (suggestion is null ? "" : $" (did you mean {suggestion}?)") +
            $"; known stages: {(known.Length == 0 ? "none" : string.Join(", ", known))}" +
            (failedPlugins.Length == 0 ? "" : $"; plugins that failed to load: {string.Join(", ", failedPlugins)} (see pdmabuf plugins)"));
    }

    private static string ToJson(StageListing stage)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartObject("plugin");
            json.WriteString("name", stage.Plugin.Name);
            json.WriteString("version", stage.Plugin.Version);
            json.WriteString("path", stage.Plugin.Path);
            json.WriteEndObject();
            json.WritePropertyName("device");
            DeviceOutput.WriteJson(json, stage.Device!);
            json.WritePropertyName("stage");
            StageOutput.WriteJson(json, stage, howToSet: true);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteHuman(IAnsiConsole console, StageListing stage)
    {
        var about = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("").AddColumn("");
        about.AddRow("stage", Markup.Escape(stage.Id!));
        about.AddRow("kind", stage.Kind!);
        about.AddRow("description", Markup.Escape(stage.Description.Length == 0 ? "-" : stage.Description));
        about.AddRow("plugin", Markup.Escape(stage.Plugin.Name));
        about.AddRow("version", Markup.Escape(stage.Plugin.Version ?? "-"));
        about.AddRow("folder", Markup.Escape(stage.Plugin.Path));
        about.AddRow("type", Markup.Escape(stage.TypeName));
        about.AddRow("exporter", stage.OwnExporter
            ? "its own (the output link's buffers carry the stage's exporter callbacks)"
            : stage.Output is null ? "- (no output)" : "the framework's built-in exporter");
        console.Write(about);
        console.Write(DeviceOutput.Table([stage.Device!]));

        var ports = new Table().Border(TableBorder.Rounded).AddColumn("port").AddColumn("formats (modifiers)").AddColumn("usages");
        foreach (var (name, port) in new[] { ("input", stage.Input), ("output", stage.Output) })
        {
            ports.AddRow(name, Markup.Escape(port is null ? "none" : DeviceOutput.Formats(port.Formats)),
                Markup.Escape(port is null ? "-" : string.Join(", ", port.Usage)));
        }

        console.Write(ports);
        if (stage.Properties.Count == 0)
        {
            console.WriteLine("properties: none");
        }
        else
        {
            // The name and the ways to set it are copied into descriptions and files: they never wrap.
            var properties = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("property").NoWrap()).AddColumn("type")
                .AddColumn("default").AddColumn("accepts").AddColumn("description")
                .AddColumn(new TableColumn("set it in a description, or in configuration").NoWrap());
            foreach (var property in stage.Properties)
            {
                properties.AddRow(
                    Markup.Escape(property.Name),
                    Markup.Escape(property.TypeName),
                    Markup.Escape(property.DefaultText.Length == 0 ? "(empty)" : property.DefaultText),
                    Markup.Escape(property.Range),
                    Markup.Escape(property.Description),
                    Markup.Escape($"{StageOutput.Example(stage, property)}\n{StageOutput.ConfigurationKey(stage, property)}"));
            }

            console.Write(properties);
        }

        if (stage.Values.Count == 0)
        {
            console.WriteLine("values: none");
        }
        else
        {
            var values = new Table().Border(TableBorder.Rounded).AddColumn("value").AddColumn("format").AddColumn("description");
            foreach (var value in stage.Values)
            {
                values.AddRow(Markup.Escape(value.Name), StageOutput.FormatName(value.Format), Markup.Escape(value.Description));
            }

            console.Write(values);
        }
    }
}
