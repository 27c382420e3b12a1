using System.Buffers;
using System.Text.Unicode;
using System.Text.Json;
using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Json;

/// <summary>
/// Parses a user's JSON file and refuses, with the JSON path, what System.Text.Json lets through
/// but a reader of the values would trip over later: a key given twice in one object (the last one
/// would silently win, so <c>"addressBits":32,"addressBits":64</c> would make a 64-bit device) and
/// a string or key holding an escaped lone UTF-16 surrogate (<c>"\ud800"</c>), which no .NET string
/// API can read back. One linear pass over the parsed document.
/// </summary>
internal static class StrictJson
{
    private static readonly JsonDocumentOptions s_options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Parses <paramref name="utf8"/> (a leading byte-order mark is skipped) and checks every key and string.</summary>
    /// <param name="utf8">The file's bytes.</param>
    /// <param name="source">The file's name, for a syntax error.</param>
    /// <exception cref="BadInputException">The JSON is malformed, repeats a key, or holds a lone surrogate.</exception>
    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string source)
    {
        if (utf8.Span.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        // The parser checks the UTF-8 of strings only when they are read (a key with a stray byte
        // threw InvalidOperationException from deep inside a reader of the value): check it all first.
        if (!Utf8.IsValid(utf8.Span))
        {
            throw new BadInputException(source, $"not valid UTF-8 at {Where(utf8.Span)}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, s_options);
        }
        catch (JsonException e)
        {
            throw new BadInputException(source, $"malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}", e);
        }

        try
        {
            Check(document.RootElement, "");
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    private static void Check(JsonElement element, string path)
    {
        // An explicit stack: a deeply nested file must not overflow the thread's stack (the parser
        // itself stops at its depth limit of 64, so this stays small).
        var pending = new Stack<(JsonElement Element, string Path)>();
        pending.Push((element, path));
        while (pending.Count > 0)
        {
            var (current, at) = pending.Pop();
            switch (current.ValueKind)
            {
                case JsonValueKind.Object:
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var property in current.EnumerateObject())
                    {
                        var name = ReadName(property, at);
                        var child = JsonObjectReader.ChildPath(at, name);
                        if (!seen.Add(name))
                        {
                            throw new BadInputException(child, "is given twice in the same object (give each key once)");
                        }

                        pending.Push((property.Value, child));
                    }

                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in current.EnumerateArray())
                    {
                        pending.Push((item, $"{JsonObjectReader.DisplayPath(at)}[{index++}]"));
                    }

                    break;
                case JsonValueKind.String:
                    ReadString(current, at);
                    break;
            }
        }
    }

    private static string ReadName(JsonProperty property, string objectPath)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            throw new BadInputException(JsonObjectReader.DisplayPath(objectPath),
                $"a key holds a lone UTF-16 surrogate ({ErrorText.Name(RawName(property))}); JSON text must be valid Unicode");
        }
    }

    private static void ReadString(JsonElement value, string path)
    {
        try
        {
            _ = value.GetString();
        }
        catch (InvalidOperationException)
        {
            throw new BadInputException(JsonObjectReader.DisplayPath(path),
                $"the string {ErrorText.Name(value.GetRawText())} holds a lone UTF-16 surrogate; JSON text must be valid Unicode");
        }
    }

    /// <summary>Line and byte in the line of the first byte that is not valid UTF-8, counted from 1 like the parser's errors.</summary>
    private static string Where(ReadOnlySpan<byte> utf8)
    {
        Span<char> sink = stackalloc char[256];
        var offset = 0;
        while (true)
        {
            var status = Utf8.ToUtf16(utf8[offset..], sink, out var read, out _, replaceInvalidSequences: false);
            offset += read;
            if (status != OperationStatus.DestinationTooSmall)
            {
                break;
            }
        }

        var lineStart = utf8[..offset].LastIndexOf((byte)'\n') + 1;
        return $"line {utf8[..offset].Count((byte)'\n') + 1}, byte {offset - lineStart + 1}";
    }

    /// <summary>The key as written in the file, escapes and all: the one form that can be shown.</summary>
    private static string RawName(JsonProperty property)
    {
        var text = property.ToString();
        var colon = text.IndexOf("\":", StringComparison.Ordinal);
        return colon > 0 ? text[..(colon + 1)] : text;
    }
}
