using System.Text.Json;
using PluggableDmaBuf.Host.Configuration;
using PluggableDmaBuf.Host.Json;
using Spectre.Console;

namespace PluggableDmaBuf.Host.Cli;

/// <summary>A stage as <c>pdmabuf plugins</c> and <c>pdmabuf inspect</c> print it: JSON, table rows, and how to set a property.</summary>
internal static class StageOutput
{
    /// <summary>
    /// One stage object: <c>id</c>, <c>name</c>, <c>device</c>, <c>type</c>, <c>kind</c>, <c>description</c>,
    /// <c>input</c> and <c>output</c> (formats with modifiers, usages; <c>null</c> when absent), <c>properties</c>,
    /// <c>values</c>, <c>ownExporter</c> and <c>error</c>. With <paramref name="howToSet"/>, each property also
    /// says how to set it (<c>example</c>, <c>configurationKey</c>).
    /// </summary>
    public static void WriteJson(Utf8JsonWriter json, StageListing stage, bool howToSet)
    {
        json.WriteStartObject();
        json.WriteString("id", stage.Id);
        json.WriteString("name", stage.Name);
        json.WriteString("device", stage.DeviceName);
        json.WriteString("type", stage.TypeName);
        json.WriteString("kind", stage.Kind);
        json.WriteString("description", stage.Description);
        WritePort(json, "input", stage.Input);
        WritePort(json, "output", stage.Output);
        json.WriteStartArray("properties");
        foreach (var property in stage.Properties)
        {
            json.WriteStartObject();
            json.WriteString("name", property.Name);
            json.WriteString("type", property.TypeName);
            json.WriteString("default", property.DefaultText);
            json.WriteString("range", property.Range);
            json.WriteStrings("allowed", property.AllowedValues);
            json.WriteString("description", property.Description);
            if (howToSet)
            {
                json.WriteString("example", Example(stage, property));
                json.WriteString("configurationKey", ConfigurationKey(stage, property));
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("values");
        foreach (var value in stage.Values)
        {
            json.WriteStartObject();
            json.WriteString("name", value.Name);
            json.WriteString("format", FormatName(value.Format));
            json.WriteString("description", value.Description);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (stage.Error is null)
        {
            json.WriteBoolean("ownExporter", stage.OwnExporter);
        }
        else
        {
            json.WriteNull("ownExporter");
        }

        json.WriteString("error", stage.Error);
        json.WriteEndObject();
    }

    /// <summary>The stages of the listing, one row each: id, kind, input, output, properties, values, description.</summary>
    public static Table Table(IEnumerable<StageListing> stages)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumn(new TableColumn("stage").NoWrap()).AddColumn("kind").AddColumn("input").AddColumn("output")
            .AddColumn("properties").AddColumn("values").AddColumn("description");
        foreach (var stage in stages)
        {
            table.AddRow(
                Markup.Escape(stage.Label),
                stage.Kind ?? "[red]broken[/]",
                Markup.Escape(Port(stage.Input)),
                Markup.Escape(Port(stage.Output)),
                Markup.Escape(stage.Properties.Count == 0 ? "-" : string.Join("\n", stage.Properties.Select(Property))),
                Markup.Escape(stage.Values.Count == 0 ? "-" : string.Join("\n", stage.Values.Select(v => $"{v.Name} ({FormatName(v.Format)})"))),
                Markup.Escape(stage.Error ?? stage.Description));
        }

        return table;
    }

    /// <summary>A port in one cell: its formats with modifiers, then its usages on a second line; <c>-</c> when absent.</summary>
    public static string Port(StagePort? port) =>
        port is null ? "-" : $"{DeviceOutput.Formats(port.Formats)}\nusage {string.Join(", ", port.Usage)}";

    /// <summary>A property with its default and what it accepts: <c>matrix=auto (choice: one of auto, bt601, bt709)</c>.</summary>
    public static string Property(StageProperty property) => $"{property.Name}={property.DefaultText} ({property.TypeName}: {property.Range})";

    /// <summary>
    /// How a pipeline description sets the property, with a value it accepts other than the default where
    /// there is an obvious one (another choice, the other truth value): <c>gpu0:convert matrix=bt709</c>.
    /// </summary>
    public static string Example(StageListing stage, StageProperty property)
    {
        var value = property switch
        {
            StageProperty<bool> flag => flag.Default ? "false" : "true",
            { AllowedValues: { } allowed } => allowed.LastOrDefault(v => v != property.DefaultText) ?? property.DefaultText,
            _ => property.DefaultText,
        };
        try
        {
            _ = property.ParseValue(value);
        }
        catch (InvalidConstraintException)
        {
            value = property.DefaultText;
        }

        var quoted = value.Length == 0 || value.Any(c => char.IsWhiteSpace(c) || c is '!' or '"') ? $"\"{value.Replace("\"", "\\\"", StringComparison.Ordinal)}\"" : value;
        return $"{stage.Id} {property.Name}={quoted}";
    }

    /// <summary>The configuration key of the property: <c>Plugins:&lt;plugin&gt;:&lt;device&gt;:&lt;stage&gt;:&lt;property&gt;</c>.</summary>
    public static string ConfigurationKey(StageListing stage, StageProperty property) =>
        $"{PluginOptions.Section}:{stage.Plugin.Name}:{stage.DeviceName}:{stage.Name}:{property.Name}";

    public static string FormatName(StageValueFormat format) => format.ToString().ToLowerInvariant();

    private static void WritePort(Utf8JsonWriter json, string name, StagePort? port)
    {
        if (port is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        DeviceOutput.WriteFormats(json, "formats", port.Formats);
        json.WriteStrings("usages", port.Usage);
        json.WriteEndObject();
    }
}
