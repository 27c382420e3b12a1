using System.Reflection;
using Microsoft.Extensions.Configuration;
using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.IO;

namespace PluggableDmaBuf.Host.Configuration;

/// <summary>
/// Builds the configuration the generic-host way, lowest precedence first: the embedded
/// <c>appsettings.json</c> defaults, <c>--config FILE</c>, environment variables <c>PDMABUF_…</c>
/// (<c>PDMABUF_Memory__Heaps__cma__Size</c>), then command-line options.
/// </summary>
internal static class SettingsLoader
{
    public const string EnvironmentPrefix = "PDMABUF_";

    /// <summary>The largest <c>--config</c> file read: far beyond any real configuration, far below what hurts.</summary>
    public const int MaxFileBytes = 1 << 20;

    public static IConfigurationRoot Build(string? configFile, IReadOnlyDictionary<string, string?> commandLine)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            var full = Path.GetFullPath(configFile);
            if (!File.Exists(full) && !Directory.Exists(full))
            {
                throw new BadInputException(configFile, "no such configuration file");
            }

            // Through the safe opener, as every input file: a FIFO is refused instead of blocking the
            // start, /dev/zero instead of being read until the memory runs out.
            if (!InputFile.TryReadAll(full, MaxFileBytes, "a configuration file", out var bytes, out var problem))
            {
                throw new BadInputException(configFile, problem);
            }

            builder.AddJsonStream(new MemoryStream(bytes, writable: false));
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
    /// Binds <paramref name="section"/> as a <typeparamref name="T"/> with the binder's
    /// <see cref="BinderOptions.ErrorOnUnknownConfiguration"/>. Unknown keys and values that do not
    /// convert are found, by path, by <see cref="SettingsSchema.Check"/> first; what the binder still
    /// refuses is reported against the section, with the binder's own words.
    /// </summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="section">The section's path.</param>
    /// <param name="errorOnUnknown">Whether keys without a property are an error (off for a section holding declared sub-sections).</param>
    public static T Bind<T>(IConfiguration configuration, string section, bool errorOnUnknown = true)
        where T : new()
    {
        try
        {
            return configuration.GetSection(section).Get<T>(o => o.ErrorOnUnknownConfiguration = errorOnUnknown) ?? new T();
        }
        catch (InvalidOperationException e)
        {
            throw new BadInputException(section, $"cannot be read ({e.Message})", e);
        }
    }
}
