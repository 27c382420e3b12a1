using System.Globalization;
using System.Text;

namespace PluggableDmaBuf.Host.Pipeline.Graph;

/// <summary>
/// The character classes of the pipeline description language, shared by the lexer (what it accepts)
/// and the printer (what it may write bare), and the one way any user text is shown in a message.
/// </summary>
internal static class GraphSyntax
{
    /// <summary>The property that labels an element rather than configuring its stage.</summary>
    public const string LabelProperty = "name";

    /// <summary>At most this many characters of user text appear in a message, then an ellipsis.</summary>
    public const int ExcerptLength = 32;

    public static bool IsWhitespace(char c) => c is ' ' or '\t' or '\r' or '\n';

    public static bool IsIdentifierStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    public static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || c is (>= '0' and <= '9') or '-';

    /// <summary>A character a value may hold anywhere, quoted or not.</summary>
    public static bool IsValueChar(char c) => !char.IsControl(c);

    /// <summary>A character an unquoted value may hold: not whitespace, not <c>!</c> (which links), not a quote.</summary>
    public static bool IsBareValueChar(char c) => IsValueChar(c) && !IsWhitespace(c) && c is not ('!' or '"' or '\'');

    public static bool IsIdentifier(string text)
    {
        if (text.Length == 0 || !IsIdentifierStart(text[0]))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!IsIdentifierPart(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// User text as it may appear in a one-line message: control, format, separator (but the plain space)
    /// and surrogate characters escaped, backslashes doubled, cut after <see cref="ExcerptLength"/>
    /// characters, so that a hostile description cannot echo a carriage return, a terminal escape, a
    /// right-to-left override or a megabyte onto the operator's terminal.
    /// </summary>
    public static string Excerpt(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, ExcerptLength) + 1);
        foreach (var c in text)
        {
            var piece = Escape(c);
            if (builder.Length + piece.Length > ExcerptLength)
            {
                return builder.Append('…').ToString();
            }

            builder.Append(piece);
        }

        return builder.ToString();
    }

    private static string Escape(char c) => c switch
    {
        '\r' => "\\r",
        '\n' => "\\n",
        '\t' => "\\t",
        '\0' => "\\0",
        '\\' => "\\\\",
        ' ' => " ",
        _ when char.IsControl(c) || char.IsSurrogate(c) || CharUnicodeInfo.GetUnicodeCategory(c) is
            UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator
            => $"\\u{(int)c:x4}",
        _ => c.ToString(),
    };
}
