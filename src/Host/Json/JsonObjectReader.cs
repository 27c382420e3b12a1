using System.Globalization;
using System.Text.Json;
using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Json;

/// <summary>
/// Reads one JSON object field by field, so that every mistake is reported with its JSON path
/// (<c>devices[1].alignment: 3000.5 is not a whole number</c>). Unknown properties are refused:
/// a misspelt constraint silently taking its default would place a buffer wrongly.
/// </summary>
internal sealed class JsonObjectReader
{
    private readonly JsonElement _element;
    private readonly HashSet<string> _known;

    public JsonObjectReader(JsonElement element, string path, params string[] known)
    {
        Path = path;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new BadInputException(DisplayPath(path), $"expected an object, got {Describe(element)}");
        }

        _element = element;
        _known = new HashSet<string>(known, StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!_known.Contains(property.Name))
            {
                throw new BadInputException(Child(property.Name),
                    $"unknown property (expected one of: {string.Join(", ", known)})");
            }
        }
    }

    public string Path { get; }

    public string Child(string name) => ChildPath(Path, name);

    /// <summary>The path of property <paramref name="name"/> of the object at <paramref name="path"/> (the root is <c>""</c>).</summary>
    public static string ChildPath(string path, string name)
    {
        var shown = ErrorText.Name(name);
        return path.Length == 0 ? shown : $"{path}.{shown}";
    }

    public bool Has(string name) => _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    public JsonElement? Get(string name) =>
        _element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public JsonElement Required(string name) => Get(name) ?? throw new BadInputException(Child(name), "is missing");

    public string? String(string name) => Get(name) is { } value ? AsString(value, Child(name)) : null;

    public bool? Bool(string name) => Get(name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        { } other => throw new BadInputException(Child(name), $"expected true or false, got {Describe(other)}"),
    };

    public long? Long(string name) => Get(name) is { } value ? AsLong(value, Child(name)) : null;

    public int? Int(string name)
    {
        var value = Long(name);
        return value is null ? null
            : value is < int.MinValue or > int.MaxValue ? throw new BadInputException(Child(name), $"{value} is too large")
            : (int)value;
    }

    public ulong? ULong(string name)
    {
        if (Get(name) is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetUInt64(out var result))
        {
            throw new BadInputException(Child(name), $"{Describe(value)} is not a whole number of at least 0");
        }

        return result;
    }

    public string[]? StringArray(string name)
    {
        if (Get(name) is not { } value)
        {
            return null;
        }

        return Array(value, Child(name)).Select((item, i) => AsString(item, $"{Child(name)}[{i}]")).ToArray();
    }

    public static JsonElement[] Array(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().ToArray()
            : throw new BadInputException(DisplayPath(path), $"expected an array, got {Describe(value)}");

    public static string AsString(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new BadInputException(DisplayPath(path), $"expected a string, got {Describe(value)}");

    public static long AsLong(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new BadInputException(DisplayPath(path), $"expected a number, got {Describe(value)}");
        }

        return value.TryGetInt64(out var result)
            ? result
            : throw new BadInputException(DisplayPath(path), $"{ErrorText.Name(value.GetRawText())} is not a whole number");
    }

    public static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string {ErrorText.Quote(value.GetString()!)}",
        JsonValueKind.Number => ErrorText.Name(value.GetRawText()),
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    /// <summary>The path as errors show it: <c>$</c> for the root.</summary>
    public static string DisplayPath(string path) => path.Length == 0 ? "$" : path;
}
