using System.Globalization;

namespace PluggableDmaBuf.Plugins.Video.Y4m;

/// <summary>
/// Parses the text of a YUV4MPEG2 stream header (the line after <c>YUV4MPEG2 </c>, without its
/// newline). Unknown tag letters are ignored, as the format asks; a malformed known tag, a missing
/// size, or anything but 8-bit 4:2:0 is refused with <see cref="InvalidMediaException"/>.
/// </summary>
internal static class Y4mHeaderParser
{
    /// <summary>The largest width or height accepted; far beyond any real stream, small enough that a frame fits an array.</summary>
    public const int MaxDimension = 16384;

    /// <summary>The chroma tags accepted: every 8-bit 4:2:0 siting.</summary>
    public static IReadOnlyList<string> SupportedChroma { get; } = ["420", "420jpeg", "420paldv", "420mpeg2"];

    private static readonly string s_supported =
        $"only 4:2:0 8-bit: {string.Join(", ", SupportedChroma.Select(c => "C" + c))}";

    /// <summary>Parses the tags of a header line.</summary>
    /// <param name="tags">The header text after the magic, tags separated by spaces.</param>
    /// <param name="name">The input's name, for errors.</param>
    /// <exception cref="InvalidMediaException">A tag is malformed, the size is missing or invalid, or the chroma is not 8-bit 4:2:0.</exception>
    public static Y4mHeader Parse(string tags, string name)
    {
        ArgumentNullException.ThrowIfNull(tags);
        int? width = null, height = null;
        int rateNum = 25, rateDen = 1, aspectNum = 0, aspectDen = 0;
        var interlacing = '?';
        var chroma = "420jpeg";
        var range = Y4mColourRange.Unspecified;
        var extensions = new List<string>();
        foreach (var tag in tags.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var value = tag[1..];
            switch (tag[0])
            {
                case 'W':
                    width = ParseDimension(value, "width", tag, name);
                    break;
                case 'H':
                    height = ParseDimension(value, "height", tag, name);
                    break;
                case 'F':
                    (rateNum, rateDen) = ParseRatio(value, tag, name, "frame rate", allowZero: false);
                    break;
                case 'A':
                    (aspectNum, aspectDen) = ParseRatio(value, tag, name, "pixel aspect", allowZero: true);
                    break;
                case 'I':
                    interlacing = value is ['p' or 't' or 'b' or 'm' or '?']
                        ? value[0]
                        : throw new InvalidMediaException(name, $"bad interlacing tag {tag} (Ip, It, Ib, Im or I?)");
                    break;
                case 'C':
                    chroma = SupportedChroma.Contains(value, StringComparer.Ordinal)
                        ? value
                        : throw new InvalidMediaException(name, $"unsupported chroma {tag} ({s_supported})");
                    break;
                case 'X':
                    extensions.Add(value);
                    if (value.StartsWith("COLORRANGE=", StringComparison.OrdinalIgnoreCase))
                    {
                        range = value["COLORRANGE=".Length..].ToUpperInvariant() switch
                        {
                            "LIMITED" => Y4mColourRange.Limited,
                            "FULL" => Y4mColourRange.Full,
                            _ => throw new InvalidMediaException(name, $"bad colour range {tag} (XCOLORRANGE=LIMITED or XCOLORRANGE=FULL)"),
                        };
                    }

                    break;
                default:
                    break;
            }
        }

        if (width is null || height is null)
        {
            throw new InvalidMediaException(name, $"header has no {(width is null ? "width tag W" : "height tag H")}");
        }

        return new Y4mHeader(width.Value, height.Value, rateNum, rateDen, interlacing, aspectNum, aspectDen, chroma, range, extensions);
    }

    private static int ParseDimension(string value, string what, string tag, string name)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw new InvalidMediaException(name, $"bad {what} tag {tag} (expected a number)");
        }

        return n is > 0 and <= MaxDimension
            ? n
            : throw new InvalidMediaException(name, $"{what} {n} is out of range (1 to {MaxDimension})");
    }

    private static (int Numerator, int Denominator) ParseRatio(string value, string tag, string name, string what, bool allowZero)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0
            && int.TryParse(value.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var num)
            && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var den)
            && (allowZero ? (num == 0) == (den == 0) : num > 0 && den > 0))
        {
            return (num, den);
        }

        throw new InvalidMediaException(name, $"bad {what} tag {tag} (expected two {(allowZero ? "numbers, both 0 when unknown" : "positive numbers")} as N:D)");
    }
}
