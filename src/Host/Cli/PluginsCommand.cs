using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using PluggableDmaBuf.Host.Hosting;
using PluggableDmaBuf.Host.Json;
using PluggableDmaBuf.Host.Plugins;
using Spectre.Console;

namespace PluggableDmaBuf.Host.Cli;

/// <summary><c>pdmabuf plugins</c>: every plugin found, what it registered, and why it failed if it did.</summary>
internal static class PluginsCommand
{
    public static Command Create(CliContext context)
    {
        var common = new CommonOptions();
        var json = new Option<bool>("--json") { Description = "Print one JSON object: { \"plugins\": [ ... ] }." };
        var command = new Command("plugins", "List the plugins found, their versions, devices with their constraints, and load errors.");
        common.AddTo(command);
        command.Options.Add(json);
        command.SetAction(async (parse, cancellationToken) =>
        {
            // The listing shows load errors itself; logging them as well would say everything twice.
            var quiet = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["Logging:LogLevel:PluggableDmaBuf.Host.Plugins"] = parse.GetValue(common.Verbose) ? "Debug" : "None",
            };
            await using var app = PdmabufApp.Build(common.ToSettings(parse, quiet));
            if (parse.GetValue(json))
            {
                context.Out.WriteLine(ToJson(app.Plugins));
            }
            else
            {
                WriteHuman(context, app.Plugins);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static string ToJson(PluginSet set)
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
                    WriteDevice(json, device);
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
                json.WriteStartArray("services");
                foreach (var service in plugin.Services.Distinct(StringComparer.Ordinal))
                {
                    json.WriteStringValue(service);
                }

                json.WriteEndArray();
                json.WriteString("error", plugin.Error);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteDevice(Utf8JsonWriter json, DeviceRegistration registration)
    {
        var d = registration.Device;
        json.WriteStartObject();
        json.WriteString("name", d.Name);
        json.WriteStartArray("roles");
        foreach (var role in RoleNames(registration.Roles))
        {
            json.WriteStringValue(role);
        }

        json.WriteEndArray();
        json.WriteBoolean("iommu", d.HasIommu);
        json.WriteNumber("addressBits", d.AddressBits);
        json.WriteNumberOrNull("maxSegments", d.MaxSegments);
        json.WriteNumberOrNull("maxSegmentSize", d.MaxSegmentSize);
        json.WriteNumber("alignment", d.Alignment);
        json.WriteNumber("pitchAlignment", d.PitchAlignment);
        if (d.Heaps is null)
        {
            json.WriteNull("heaps");
        }
        else
        {
            json.WriteStartArray("heaps");
            foreach (var heap in d.Heaps)
            {
                json.WriteStringValue(heap);
            }

            json.WriteEndArray();
        }

        if (d.Formats is null)
        {
            json.WriteNull("formats");
        }
        else
        {
            json.WriteStartArray("formats");
            foreach (var format in d.Formats)
            {
                json.WriteStartObject();
                json.WriteString("format", format.Format.FourCC);
                json.WriteStartArray("modifiers");
                foreach (var modifier in format.Modifiers)
                {
                    json.WriteStringValue(modifier);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteStartArray("usages");
        foreach (var usage in d.Usages)
        {
            json.WriteStringValue(usage);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static IEnumerable<string> RoleNames(DeviceRoles roles)
    {
        if (roles.HasFlag(DeviceRoles.Exporter))
        {
            yield return "exporter";
        }

        if (roles.HasFlag(DeviceRoles.Importer))
        {
            yield return "importer";
        }
    }

    private static void WriteHuman(CliContext context, PluginSet set)
    {
        var console = context.Console;
        if (set.Plugins.Count == 0)
        {
            console.WriteLine("No plugins found.");
            return;
        }

        var plugins = new Table().Border(TableBorder.Rounded).AddColumn("plugin").AddColumn("version").AddColumn("status").AddColumn("devices").AddColumn("path");
        foreach (var plugin in set.Plugins)
        {
            plugins.AddRow(
                Markup.Escape(plugin.Name),
                Markup.Escape(plugin.Version ?? "-"),
                plugin.Loaded ? "[green]loaded[/]" : "[red]failed[/]",
                Markup.Escape(string.Join(", ", plugin.Devices.Select(d => d.Device.Name).Concat(plugin.Heaps.Select(h => $"heap {h.Heap.Name}")))),
                Markup.Escape(plugin.Path));
        }

        console.Write(plugins);
        var devices = set.Loaded.SelectMany(p => p.Devices).ToArray();
        if (devices.Length > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("device").AddColumn("roles").AddColumn("iommu").AddColumn("bits")
                .AddColumn("segments").AddColumn("align").AddColumn("pitch").AddColumn("heaps").AddColumn("formats").AddColumn("usages");
            foreach (var registration in devices)
            {
                var d = registration.Device;
                table.AddRow(
                    Markup.Escape(d.Name),
                    Markup.Escape(string.Join(", ", RoleNames(registration.Roles))),
                    d.HasIommu ? "yes" : "no",
                    d.AddressBits.ToString(CultureInfo.InvariantCulture),
                    d.MaxSegments?.ToString(CultureInfo.InvariantCulture) ?? "any",
                    d.Alignment.ToString(CultureInfo.InvariantCulture),
                    d.PitchAlignment.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(d.Heaps is null ? "system heaps" : string.Join(", ", d.Heaps)),
                    Markup.Escape(d.Formats is null ? "any (linear)" : string.Join(", ", d.Formats.Select(f => f.ToString()))),
                    Markup.Escape(string.Join(", ", d.Usages)));
            }

            console.Write(table);
        }

        foreach (var failed in set.Failed)
        {
            // Plain text, unwrapped: an error line is read, grepped and pasted into bug reports.
            context.Out.WriteLine($"error {failed.Name} ({failed.Path}): {failed.Error}");
        }
    }
}
