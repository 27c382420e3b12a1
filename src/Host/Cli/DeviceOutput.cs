using System.Globalization;
using System.Text.Json;
using PluggableDmaBuf.Host.Json;
using Spectre.Console;

namespace PluggableDmaBuf.Host.Cli;

/// <summary>A device and its constraints as <c>pdmabuf plugins</c> and <c>pdmabuf inspect</c> print it, in JSON and as a table.</summary>
internal static class DeviceOutput
{
    public static void WriteJson(Utf8JsonWriter json, DeviceRegistration registration)
    {
        var d = registration.Device;
        json.WriteStartObject();
        json.WriteString("name", d.Name);
        json.WriteStrings("roles", RoleNames(registration.Roles));
        json.WriteBoolean("iommu", d.HasIommu);
        json.WriteNumber("addressBits", d.AddressBits);
        json.WriteNumberOrNull("maxSegments", d.MaxSegments);
        json.WriteNumberOrNull("maxSegmentSize", d.MaxSegmentSize);
        json.WriteNumber("alignment", d.Alignment);
        json.WriteNumber("pitchAlignment", d.PitchAlignment);
        json.WriteStrings("heaps", d.Heaps);
        WriteFormats(json, "formats", d.Formats);
        json.WriteStrings("usages", d.Usages);
        json.WriteEndObject();
    }

    /// <summary>Formats with their modifiers, <c>[{ "format": "XR24", "modifiers": ["tiled", "linear"] }]</c>; <c>null</c> for "any".</summary>
    public static void WriteFormats(Utf8JsonWriter json, string name, IEnumerable<FormatSupport>? formats)
    {
        if (formats is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartArray(name);
        foreach (var format in formats)
        {
            json.WriteStartObject();
            json.WriteString("format", format.Format.FourCC);
            json.WriteStrings("modifiers", format.Modifiers);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public static Table Table(IEnumerable<DeviceRegistration> devices)
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
                Markup.Escape(d.Formats is null ? "any (linear)" : Formats(d.Formats)),
                Markup.Escape(string.Join(", ", d.Usages)));
        }

        return table;
    }

    /// <summary>Formats with modifiers in one line: <c>XR24 (tiled, linear), NV12 (linear)</c>.</summary>
    public static string Formats(IEnumerable<FormatSupport> formats) => string.Join(", ", formats.Select(f => f.ToString()));

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
}
