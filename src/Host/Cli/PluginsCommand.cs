using System.CommandLine;
using System.Text.Json;
using PluggableDmaBuf.Host.Hosting;
using PluggableDmaBuf.Host.Json;
using PluggableDmaBuf.Host.Plugins;
using Spectre.Console;

namespace PluggableDmaBuf.Host.Cli;

/// <summary>
/// <c>pdmabuf plugins</c>: every plugin found, what it registered — devices with their constraints, heaps,
/// stages with their ports, properties and values, a central allocator — and why it failed if it did;
/// and the plugin folders searched, with why one yielded no plugin.
/// </summary>
internal static class PluginsCommand
{
    public static Command Create(CliContext context)
    {
        var common = new CommonOptions(context);
        var json = new Option<bool>("--json") { Description = "Print one JSON object: { \"plugins\": [ ... ] }." };
        var command = new Command("plugins", "List the plugins found, their versions, devices with their constraints, heaps, stages with their ports and properties, and load errors.");
        common.AddTo(command);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = PdmabufApp.Build(common.ToListingSettings(parse));
            var stages = await StageListings.ReadAsync(app.Plugins, app.Services).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(ToJson(app.Plugins, stages));
            }
            else
            {
                WriteHuman(context, app.Plugins, stages);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static string ToJson(PluginSet set, StageListings stages)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("plugins");
            foreach (var plugin in set.Plugins)
            {
                json.WriteStartObject();
                json.WriteString("name", plugin.Name);
                json.WriteString("version", plugin.Version);
                json.WriteString("path", plugin.Path);
                json.WriteString("abstractions", plugin.AbstractionsVersion?.ToString(3));
                json.WriteStartArray("devices");
                foreach (var device in plugin.Devices)
                {
                    DeviceOutput.WriteJson(json, device);
                }

                json.WriteEndArray();
                json.WriteStartArray("heaps");
                foreach (var heap in plugin.Heaps.Select(h => h.Heap))
                {
                    json.WriteStartObject();
                    json.WriteString("name", heap.Name);
                    json.WriteString("kind", heap.Kind.ToString().ToLowerInvariant());
                    json.WriteNumber("base", heap.Base);
                    json.WriteNumber("size", heap.Size);
                    json.WriteString("owner", heap.OwnerDevice);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStrings("services", plugin.Services.Distinct(StringComparer.Ordinal));
                json.WriteStartArray("stages");
                foreach (var stage in stages.Of(plugin))
                {
                    StageOutput.WriteJson(json, stage, howToSet: false);
                }

                json.WriteEndArray();
                json.WriteBoolean("centralAllocator", HasCentralAllocator(plugin));
                json.WriteStrings("registers", Registers(plugin, stages));
                json.WriteString("error", plugin.Error);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("folders");
            foreach (var folder in set.Folders)
            {
                json.WriteStartObject();
                json.WriteString("path", folder.Path);
                json.WriteBoolean("default", folder.IsDefault);
                json.WriteString("kind", folder.OwnFolder ? "plugin" : "plugins");
                json.WriteNumber("loaded", folder.Loaded);
                json.WriteString("problem", folder.Problem);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>What the plugin registered, in words: <c>device gpu0</c>, <c>heap gpu0-vram</c>, <c>stage gpu0:convert</c>, <c>central allocator</c>.</summary>
    internal static IEnumerable<string> Registers(PluginRecord plugin, StageListings stages) =>
        plugin.Devices.Select(d => $"device {d.Device.Name}")
            .Concat(plugin.Heaps.Select(h => $"heap {h.Heap.Name}"))
            .Concat(stages.Of(plugin).Select(s => $"stage {s.Label}"))
            .Concat(HasCentralAllocator(plugin) ? ["central allocator"] : [])
            .Concat(plugin.Services.Where(s => s is not (nameof(PipelineStage) or nameof(IBufferAllocator))).Distinct(StringComparer.Ordinal)
                .Select(s => $"service {s}"));

    private static bool HasCentralAllocator(PluginRecord plugin) => plugin.Services.Contains(nameof(IBufferAllocator), StringComparer.Ordinal);

    private static void WriteHuman(CliContext context, PluginSet set, StageListings stages)
    {
        var console = context.Console;
        var folders = new Table().Border(TableBorder.Rounded).AddColumn("plugin folder searched").AddColumn("holds").AddColumn("loaded");
        foreach (var folder in set.Folders)
        {
            folders.AddRow(
                Markup.Escape(folder.Path + (folder.IsDefault ? " (default: plugins/ beside pdmabuf)" : "")),
                folder.OwnFolder ? "one plugin's own files" : "one plugin per sub-folder",
                folder.Loaded.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        console.Write(folders);
        if (set.Plugins.Count == 0)
        {
            console.WriteLine("No plugins found.");
            WriteFolderProblems(context, set);
            return;
        }

        var plugins = new Table().Border(TableBorder.Rounded).AddColumn("plugin").AddColumn("version").AddColumn("status").AddColumn("registers").AddColumn("path");
        foreach (var plugin in set.Plugins)
        {
            plugins.AddRow(
                Markup.Escape(plugin.Name),
                Markup.Escape(plugin.Version ?? "-"),
                plugin.Loaded ? "[green]loaded[/]" : "[red]failed[/]",
                Markup.Escape(string.Join(", ", Registers(plugin, stages).DefaultIfEmpty("-"))),
                Markup.Escape(plugin.Path));
        }

        console.Write(plugins);
        var devices = set.Loaded.SelectMany(p => p.Devices).ToArray();
        if (devices.Length > 0)
        {
            console.Write(DeviceOutput.Table(devices));
        }

        if (stages.Stages.Count > 0)
        {
            console.Write(StageOutput.Table(stages.Stages));
        }

        foreach (var failed in set.Failed)
        {
            // Plain text, unwrapped: an error line is read, grepped and pasted into bug reports.
            context.Out.WriteLine($"error {failed.Name} ({failed.Path}): {failed.Error}");
        }

        foreach (var broken in stages.Stages.Where(s => s.Error is not null))
        {
            context.Out.WriteLine($"error {broken.Plugin.Name} ({broken.Plugin.Path}): stage {broken.Label}: {broken.Error}");
        }

        WriteFolderProblems(context, set);
    }

    /// <summary>Said without --verbose: a folder that yields nothing is the first thing an operator must know.</summary>
    private static void WriteFolderProblems(CliContext context, PluginSet set)
    {
        foreach (var folder in set.Folders.Where(f => f.Problem is not null))
        {
            context.Out.WriteLine($"error {folder.Path}: {folder.Problem}");
        }
    }
}
