using System.Text.Json;

namespace PluggableDmaBuf.Host.Json;

/// <summary>Nullable numbers and lists as the CLI's JSON spells them: the value, or <c>null</c> for "unlimited" / "none" / "any".</summary>
internal static class Utf8JsonWriterExtensions
{
    public static void WriteNumberOrNull(this Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    public static void WriteNumberOrNull(this Utf8JsonWriter json, string name, ulong? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    /// <summary>An array of strings, or <c>null</c> when <paramref name="values"/> is.</summary>
    public static void WriteStrings(this Utf8JsonWriter json, string name, IEnumerable<string>? values)
    {
        if (values is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
