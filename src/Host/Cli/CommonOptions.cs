using System.CommandLine;
using PluggableDmaBuf.Host.Hosting;

namespace PluggableDmaBuf.Host.Cli;

/// <summary>The options every host-building command shares: <c>--plugins DIR</c> (repeatable), <c>--config FILE</c>, <c>--verbose</c>.</summary>
internal sealed class CommonOptions(CliContext context)
{
    public Option<string[]> Plugins { get; } = new("--plugins")
    {
        Description = "A plugin folder (repeatable). Given, these replace the default plugins/ beside the host.",
        HelpName = "DIR",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Config { get; } = new("--config")
    {
        Description = "A JSON configuration file, over the embedded defaults and under PDMABUF_ environment variables.",
        HelpName = "FILE",
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Log what the host does (plugin loading, negotiation decisions) on stderr.",
    };

    public void AddTo(Command command)
    {
        CliParsers.NotEmpty(Plugins);
        CliParsers.NotEmpty(Config);
        command.Options.Add(Plugins);
        command.Options.Add(Config);
        command.Options.Add(Verbose);
    }

    /// <summary>
    /// The settings of a command that shows plugin load errors itself (<c>plugins</c>, <c>inspect</c>): logging
    /// them as well would say everything twice, so plugin loading is logged only with <c>--verbose</c>.
    /// </summary>
    public HostSettings ToListingSettings(ParseResult parse) => ToSettings(parse, new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
    {
        ["Logging:LogLevel:PluggableDmaBuf.Host.Plugins"] = parse.GetValue(Verbose) ? "Debug" : "None",
    });

    public HostSettings ToSettings(ParseResult parse, Dictionary<string, string?>? overrides = null) => new()
    {
        PluginFolders = parse.GetValue(Plugins) ?? [],
        ConfigFile = parse.GetValue(Config),
        Verbose = parse.GetValue(Verbose),
        CollectiblePlugins = !context.OwnsProcess,
        Overrides = overrides ?? new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase),
    };
}
