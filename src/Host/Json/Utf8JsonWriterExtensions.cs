using System.Text.Json;

namespace PluggableDmaBuf.Host.Json;

/// <summary>Nullable numbers as the CLI's JSON spells them: the value, or <c>null</c> for "unlimited" / "none".</summary>
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
}
