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
        AddDefaults(builder);
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
        try
        {
            return builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException)
        {
            throw new BadInputException(configFile ?? "configuration", $"malformed JSON ({(e.InnerException ?? e).Message})", e);
        }
    }

    public static void AddDefaults(IConfigurationBuilder builder)
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("appsettings.json")
            ?? throw new InvalidOperationException("the embedded appsettings.json is missing from the build");
        builder.AddJsonStream(stream);
    }

    /// <summary>Binds a section, turning a value that does not convert into an error naming the setting.</summary>
    public static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>(o => o.ErrorOnUnknownConfiguration = true) ?? new T();
        }
        catch (InvalidOperationException e)
        {
            throw new BadInputException(section, e.Message, e);
        }
    }
}
