using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Host.Configuration;
using PluggableDmaBuf.Host.Plugins;

namespace PluggableDmaBuf.Host.Hosting;

/// <summary>
/// The composition root of every command: configuration (checked against the known sections, then
/// bound and validated through the options pattern), plugin loading, the dma-buf core
/// (<c>AddDmaBufCore</c>: the core, its factory, the negotiator and the fence service) and the generic
/// host (Microsoft.Extensions.Hosting). Plugins register into the host's service collection before
/// the provider is built, which is why they are loaded here rather than by a hosted service.
/// </summary>
internal sealed class PdmabufApp : IAsyncDisposable
{
    private PdmabufApp(IHost host, PluginSet plugins, IConfiguration configuration)
    {
        Host = host;
        Plugins = plugins;
        Configuration = configuration;
    }

    public IHost Host { get; }

    public PluginSet Plugins { get; }

    public IConfiguration Configuration { get; }

    public IServiceProvider Services => Host.Services;

    public static PdmabufApp Build(HostSettings settings, Action<IServiceCollection, IConfiguration>? configure = null, StartupTimeline? timeline = null)
    {
        var (configuration, folders, memory) = LoadSettings(settings);
        timeline?.Mark("settings");

        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "pdmabuf",
        });
        builder.Configuration.AddConfiguration(configuration);
        ConfigureLogging(builder.Logging, configuration, settings);

        using var startupLogging = LoggerFactory.Create(logging => ConfigureLogging(logging, configuration, settings));
        var plugins = PluginRegistrar.LoadAll(folders, settings.CollectiblePlugins, builder.Services, memory,
            startupLogging.CreateLogger("PluggableDmaBuf.Host.Plugins"));
        timeline?.Mark("plugins loaded");

        builder.Services.AddSingleton<IDeviceRegistry>(plugins.Devices);
        builder.Services.AddSingleton<MemoryMap>(plugins.Memory);
        builder.Services.AddSingleton(plugins);
        builder.Services.AddDmaBufCore();
        SettingsSchema.ForHost().Register(builder.Services, configuration);
        builder.Services.AddHostedService<PluginLifetimeService>();
        configure?.Invoke(builder.Services, configuration);
        try
        {
            var app = new PdmabufApp(builder.Build(), plugins, configuration);
            timeline?.Mark("host built");
            return app;
        }
        catch
        {
            plugins.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Every command's settings, before any plugin is loaded: the configuration built from its sources,
    /// checked against the known sections and validated, with the plugin folders and the memory map
    /// bound from it. The configuration fuzz test goes through here too.
    /// </summary>
    /// <exception cref="Errors.BadInputException">A missing or malformed file, an unknown or invalid setting.</exception>
    internal static (IConfiguration Configuration, IReadOnlyList<string> PluginFolders, MemoryMap Memory) LoadSettings(HostSettings settings)
    {
        var overrides = new Dictionary<string, string?>(settings.Overrides, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < settings.PluginFolders.Count; i++)
        {
            overrides[$"{PluginOptions.Section}:Folders:{i}"] = settings.PluginFolders[i];
        }

        var configuration = SettingsLoader.Build(settings.ConfigFile, overrides);
        var schema = SettingsSchema.ForHost();
        schema.Check(configuration);
        ValidateSettings(schema, configuration);
        var pluginOptions = schema.Bind<PluginOptions>(configuration, PluginOptions.Section);
        if (settings.PluginFolders.Count > 0)
        {
            // Given on the command line, the folders replace the configured ones rather than merging by index.
            pluginOptions.Folders = [.. settings.PluginFolders];
        }

        var folders = pluginOptions.Folders.Count == 0 ? [PluginDiscovery.DefaultFolder] : pluginOptions.Folders;
        for (var i = 0; i < folders.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(folders[i]))
            {
                throw new Errors.BadInputException($"Plugins:Folders:{i}", "must not be empty");
            }
        }

        return (configuration, folders, schema.Bind<MemoryOptions>(configuration, MemoryOptions.Section).ToMemoryMap());
    }

    /// <summary>
    /// Runs the options validation of every section before any plugin is loaded, so a bad setting
    /// stops every command (started or not) before it does anything. The host validates again at
    /// start, with whatever validators plugins registered.
    /// </summary>
    private static void ValidateSettings(SettingsSchema schema, IConfiguration configuration)
    {
        var services = new ServiceCollection().AddDmaBufCore();
        schema.Register(services, configuration);
        using var provider = services.BuildServiceProvider();
        SettingsSchema.Validate(provider);
    }

    private static void ConfigureLogging(ILoggingBuilder logging, IConfiguration configuration, HostSettings settings)
    {
        logging.ClearProviders();
        logging.AddConfiguration(configuration.GetSection("Logging"));
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.ColorBehavior = LoggerColorBehavior.Disabled;
        });
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (settings.Verbose)
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddFilter((_, _) => true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync().ConfigureAwait(false);
        }
        else
        {
            Host.Dispose();
        }

        Plugins.Dispose();
    }
}
