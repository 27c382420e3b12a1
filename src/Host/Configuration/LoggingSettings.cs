using PluggableDmaBuf.Host.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Configuration;

/// <summary>
/// Checks the <c>Logging</c> section before a logger factory reads it: the logging library throws,
/// at first use, on a level it does not know. The section stays open for the providers' own keys
/// (<c>Logging:Console:FormatterName</c>); only the levels, <c>Logging:LogLevel:CATEGORY</c> and
/// <c>Logging:PROVIDER:LogLevel:CATEGORY</c>, are checked.
/// </summary>
internal static class LoggingSettings
{
    public const string Section = "Logging";

    private static readonly string[] s_levels = Enum.GetNames<LogLevel>();

    public static void Check(IConfigurationSection logging)
    {
        foreach (var child in logging.GetChildren())
        {
            if (string.Equals(child.Key, "LogLevel", StringComparison.OrdinalIgnoreCase))
            {
                CheckLevels(child);
            }
            else
            {
                foreach (var levels in child.GetChildren().Where(c => string.Equals(c.Key, "LogLevel", StringComparison.OrdinalIgnoreCase)))
                {
                    CheckLevels(levels);
                }
            }
        }
    }

    private static void CheckLevels(IConfigurationSection levels)
    {
        foreach (var category in levels.GetChildren())
        {
            if (category.GetChildren().Any())
            {
                throw new BadInputException(category.Path, "expected a log level, got a section");
            }

            if (category.Value is { Length: > 0 } value && !s_levels.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                throw new BadInputException(category.Path,
                    $"'{value}' is not a log level (one of {string.Join(", ", s_levels)}){DidYouMean.Hint(value, s_levels)}");
            }
        }
    }
}
