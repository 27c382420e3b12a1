using System.Globalization;
using System.Text;

namespace PluggableDmaBuf.Host.Errors;

/// <summary>
/// Makes text from a user's file safe to show in a one-line error: control characters (a carriage
/// return would overwrite the line on a terminal, an escape sequence could restyle it) are shown
/// as escapes, and a long value is cut, saying how long it was, so that an error stays one short
/// readable line whatever the input held.
/// </summary>
internal static class ErrorText
{
    /// <summary>The most characters of one quoted value shown in an error.</summary>
    public const int MaxValueLength = 64;

    /// <summary>The most characters of a whole error line.</summary>
    public const int MaxLineLength = 1024;

    /// <summary>The value in double quotes, escaped and cut to <see cref="MaxValueLength"/> characters.</summary>
    public static string Quote(string value) => $"\"{Printable(value, MaxValueLength)}\"";

    /// <summary>The value escaped and cut to <see cref="MaxValueLength"/> characters, without quotes (for keys in a JSON path).</summary>
    public static string Name(string value) => Printable(value, MaxValueLength);

    /// <summary>A whole message as one line: escaped, and cut to <see cref="MaxLineLength"/> characters.</summary>
    public static string Line(string message) => Printable(message, MaxLineLength);

    private static string Printable(string value, int maxLength)
    {
        if (value.Length <= maxLength && !NeedsEscape(value))
        {
            return value;
        }

        var text = new StringBuilder(Math.Min(value.Length, maxLength) + 32);
        var i = 0;
        for (var shown = 0; i < value.Length && shown < maxLength; i++, shown++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                text.Append(c).Append(value[++i]);
            }
            else if (IsUnprintable(c))
            {
                // The same escapes as the command-line parser's messages: \u000d for a carriage return.
                text.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                text.Append(c);
            }
        }

        if (i < value.Length)
        {
            text.Append(CultureInfo.InvariantCulture, $"… ({value.Length} characters)");
        }

        return text.ToString();
    }

    private static bool NeedsEscape(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (IsUnprintable(value[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Control characters, line and paragraph separators and a surrogate that is not half of a pair.</summary>
    private static bool IsUnprintable(char c) => char.IsControl(c) || char.IsSurrogate(c) || c is '\u2028' or '\u2029';
}
