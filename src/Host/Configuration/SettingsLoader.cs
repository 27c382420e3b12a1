using System.Reflection;
using Microsoft.Extensions.Configuration;
using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Configuration;

/// <summary>
/// Builds the configuration the generic-host way, lowest precedence first: the embedded
/// <c>appsettings.json</c> defaults, <c>--config FILE</c>, environment variables <c>PDMABUF_…</c>
/// (<c>PDMABUF_Memory__Heaps__cma__Size</c>), then command-line options.
/// </summary>
internal static class SettingsLoader
{
    public const string EnvironmentPrefix = "PDMABUF_";

    public static IConfigurationRoot Build(string? configFile, IReadOnlyDictionary<string, string?> commandLine)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            var full = Path.GetFullPath(configFile);
            if (!File.Exists(full))
            {
                throw new BadInputException(configFile, "no such configuration file");
            }

            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddInMemoryCollection(commandLine);
        IConfigurationRoot settings;
        try
        {
            settings = builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException)
        {
            throw new BadInputException(configFile ?? "configuration", $"malformed JSON ({(e.InnerException ?? e).Message})", e);
        }

        // Layered providers merge lists element by element, so a two-element Plugins:Folders in a config
        // file would keep the default's later elements. A list the user gives replaces the default list.
        var defaults = new ConfigurationBuilder();
        AddDefaults(defaults);
        var kept = defaults.Build().AsEnumerable().Where(p => p.Value is not null && !ReplacedList(settings, p.Key)).ToList();
        return new ConfigurationBuilder().AddInMemoryCollection(kept).AddConfiguration(settings).Build();
    }

    /// <summary>Whether <paramref name="key"/> is an element of a list (a section with numeric keys) that <paramref name="settings"/> also sets.</summary>
    private static bool ReplacedList(IConfiguration settings, string key)
    {
        var segments = key.Split(ConfigurationPath.KeyDelimiter);
        for (var i = 1; i < segments.Length; i++)
        {
            if (int.TryParse(segments[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _) &&
                settings.GetSection(ConfigurationPath.Combine(segments[..i])).GetChildren().Any())
            {
                return true;
            }
        }

        return false;
    }

    public static void AddDefaults(IConfigurationBuilder builder)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("appsettings.json")
            ?? throw new InvalidOperationException("the embedded appsettings.json is missing from the build");
        builder.AddJsonStream(stream);
    }

    /// <summary>
    /// Binds a section. A misspelt key (which the binder would silently ignore, leaving a default in
    /// force) and a value that does not convert are both errors naming the setting's path.
    /// </summary>
    public static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var node = configuration.GetSection(section);
        CheckKnown(node, typeof(T));
        try
        {
            return node.Get<T>(o => o.ErrorOnUnknownConfiguration = true) ?? new T();
        }
        catch (InvalidOperationException e)
        {
            for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            {
                var match = s_conversion.Match(inner.Message);
                if (match.Success)
                {
                    var path = match.Groups["path"].Value;
                    throw new BadInputException(path, $"'{configuration[path]}' is not a valid {FriendlyName(Type.GetType(match.Groups["type"].Value))}", e);
                }
            }

            throw new BadInputException(section, e.Message, e);
        }
    }

    private static readonly System.Text.RegularExpressions.Regex s_conversion =
        new("at '(?<path>[^']+)' to type '(?<type>[^']+)'", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private static string FriendlyName(Type? type)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            null => "value",
            _ when type == typeof(int) || type == typeof(long) => "whole number",
            _ when type == typeof(ulong) || type == typeof(uint) => "whole number of at least 0",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(double) => "number",
            { IsEnum: true } => $"one of {string.Join(", ", Enum.GetNames(type).Select(n => n.ToLowerInvariant()))}",
            _ => type.Name,
        };
    }

    private static void CheckKnown(IConfigurationSection node, Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan))
        {
            if (node.GetChildren().Any())
            {
                throw new BadInputException(node.Path, "expected a value, got a section");
            }

            if (node.Value is { Length: > 0 } value && type != typeof(string))
            {
                try
                {
                    System.ComponentModel.TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
                }
                catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException)
                {
                    throw new BadInputException(node.Path, $"'{value}' is not a valid {FriendlyName(type)}", e);
                }
            }

            return;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            foreach (var child in node.GetChildren())
            {
                CheckKnown(child, type.GetGenericArguments()[1]);
            }

            return;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            foreach (var child in node.GetChildren())
            {
                CheckKnown(child, type.GetGenericArguments()[0]);
            }

            return;
        }

        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToArray();
        foreach (var child in node.GetChildren())
        {
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase))
                ?? throw new BadInputException(child.Path, $"unknown setting (expected one of: {string.Join(", ", properties.Select(p => p.Name))})");
            CheckKnown(child, property.PropertyType);
        }
    }
}
