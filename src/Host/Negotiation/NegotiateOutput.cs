using System.Globalization;
using System.Text.Json;
using PluggableDmaBuf.Core.Diagnostics;
using PluggableDmaBuf.Host.Json;
using Spectre.Console;

namespace PluggableDmaBuf.Host.Negotiation;

/// <summary>Prints a negotiation result as the JSON object of <c>spec/negotiate.md</c> or for a person.</summary>
internal static class NegotiateOutput
{
    public static string ToJson(NegotiationResult result)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteBoolean("ok", result.Succeeded);
            if (result.Succeeded)
            {
                WritePlacement(json, result.Placement);
            }
            else
            {
                json.WriteString("constraint", ConstraintName(result.Conflict.Constraint));
                json.WriteStartArray("devices");
                foreach (var device in result.Conflict.Devices)
                {
                    json.WriteStringValue(device);
                }

                json.WriteEndArray();
                json.WriteString("message", result.Conflict.Message);
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    public static string ConstraintName(ConstraintKind kind) => kind.ToString().ToLowerInvariant();

    private static void WritePlacement(Utf8JsonWriter json, NegotiatedPlacement placement)
    {
        json.WriteString("heap", placement.Heap.Name);
        // WriteString writes JSON null for a null value: format and modifier of a size-only buffer.
        json.WriteString("format", placement.Format?.FourCC);
        json.WriteString("modifier", placement.Modifier);
        json.WriteNumber("size", placement.Size);
        json.WriteNumber("alignment", placement.Alignment);
        json.WriteNumberOrNull("maxSegments", placement.MaxSegments);
        json.WriteNumberOrNull("addressLimit", placement.AddressLimit);

        if (placement.Format is null)
        {
            json.WriteNull("planes");
            return;
        }

        json.WriteStartArray("planes");
        foreach (var plane in placement.Planes)
        {
            json.WriteStartObject();
            json.WriteNumber("offset", plane.Offset);
            json.WriteNumber("pitch", plane.Pitch);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    public static void WriteHuman(IAnsiConsole console, NegotiationResult result)
    {
        if (!result.Succeeded)
        {
            return;
        }

        var p = result.Placement;
        var summary = new Table().Border(TableBorder.Rounded).AddColumn("placement").AddColumn("value");
        summary.AddRow("heap", Markup.Escape($"{p.Heap.Name} ({p.Heap.Kind.ToString().ToLowerInvariant()}, zone {p.Heap.Zone.Name})"));
        if (p.Format is not null)
        {
            summary.AddRow("format", Markup.Escape($"{p.Format.FourCC} ({p.Format.Description}), modifier {p.Modifier}"));
            summary.AddRow("image", string.Create(CultureInfo.InvariantCulture, $"{p.Width} x {p.Height}"));
        }

        summary.AddRow("size", string.Create(CultureInfo.InvariantCulture, $"{p.Size} bytes ({ByteSize.Format(p.Size)})"));
        summary.AddRow("alignment", p.Alignment.ToString(CultureInfo.InvariantCulture));
        summary.AddRow("max segments", p.MaxSegments?.ToString(CultureInfo.InvariantCulture) ?? "unlimited");
        summary.AddRow("max segment size", p.MaxSegmentSize?.ToString(CultureInfo.InvariantCulture) ?? "unlimited");
        summary.AddRow("address limit", p.AddressLimit is { } l ? $"0x{l:x} (below {ByteSize.Limit(l)})" : "unlimited");
        console.Write(summary);

        if (p.Planes.Count == 0)
        {
            return;
        }

        var planes = new Table().Border(TableBorder.Rounded)
            .AddColumn("plane").AddColumn(new TableColumn("offset").RightAligned()).AddColumn(new TableColumn("pitch").RightAligned())
            .AddColumn(new TableColumn("rows").RightAligned()).AddColumn(new TableColumn("bytes").RightAligned());
        for (var i = 0; i < p.Planes.Count; i++)
        {
            var plane = p.Planes[i];
            planes.AddRow(Markup.Escape($"{i} ({p.Format!.Planes[i].Name})"), Invariant(plane.Offset), Invariant(plane.Pitch),
                Invariant(plane.Rows), Invariant(plane.Length));
        }

        console.Write(planes);
    }

    public static string HumanConflict(NegotiationConflict conflict) =>
        $"negotiation conflict ({ConstraintName(conflict.Constraint)}; {(conflict.Devices.Count == 0 ? "no device" : string.Join(", ", conflict.Devices))}): {conflict.Message}";

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
