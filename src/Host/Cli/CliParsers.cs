using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Cli;

/// <summary>
/// Parsers for option values with messages in the user's terms: the parser's own message names the
/// CLR type (<c>System.Nullable`1[System.Int32]</c>), which means nothing to an operator.
/// </summary>
internal static class CliParsers
{
    /// <summary>A whole number (range checks are the setting's, so they name the setting).</summary>
    public static int? WholeNumber(ArgumentResult result)
    {
        var token = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        var option = (result.Parent as OptionResult)?.Option.Name ?? result.Argument.Name;
        result.AddError($"{option}: '{ErrorText.Name(token)}' is not a whole number" +
            (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _) ? $" from {int.MinValue} to {int.MaxValue}" : ""));
        return null;
    }

    /// <summary>
    /// Refuses an empty (or blank) value of <paramref name="option"/>. Without it, <c>--size ""</c> would be
    /// taken as "not given" further on and the default would apply without a word.
    /// </summary>
    public static T NotEmpty<T>(T option)
        where T : Option
    {
        option.Validators.Add(result =>
        {
            if (result.Tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
            {
                result.AddError($"{option.Name}: the value must not be empty");
            }
        });
        return option;
    }
}
