using PluggableDmaBuf.Host.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Configuration;

/// <summary>
/// The registry of the configuration sections the host knows. Every key of the configuration must
/// belong to one of them: a misspelt section (<c>"Pipline": {…}</c> in <c>--config</c>, or
/// <c>PDMABUF_Pipleine__Frames</c>) is an error naming it and the known sections, not a setting
/// silently ignored. A typed section is checked key by key (<see cref="SettingsShape"/>), bound with
/// the binder's <see cref="BinderOptions.ErrorOnUnknownConfiguration"/>, and validated through the
/// options pattern (<see cref="IValidateOptions{TOptions}"/>, on start).
/// </summary>
/// <remarks>
/// A section of a plugin is declared under <c>Plugins</c> (<c>Declare&lt;T&gt;("Plugins:Video")</c>);
/// its keys are then known, and checked like the host's own.
/// </remarks>
internal sealed class SettingsSchema
{
    private readonly SortedDictionary<string, SettingsSection> _sections = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The host's own sections: <c>Core</c>, <c>Faults</c>, <c>Logging</c>, <c>Memory</c>, <c>Pipeline</c> and <c>Plugins</c>.</summary>
    public static SettingsSchema ForHost() => new SettingsSchema()
        .Declare<DmaBufCoreOptions>(DmaBufCoreOptions.Section)
        .Declare<FaultOptions>(FaultOptions.Section, new RulesValidator<FaultOptions>(o => o.Validate()))
        .Declare(LoggingSettings.Section, LoggingSettings.Check)
        .Declare<MemoryOptions>(MemoryOptions.Section)
        .Declare<PipelineOptions>(PipelineOptions.Section, new RulesValidator<PipelineOptions>(o => o.Validate()))
        .DeclareOpen<PluginOptions>(PluginOptions.Section);

    /// <summary>The top-level sections, in order.</summary>
    public IEnumerable<string> Sections => _sections.Keys;

    /// <summary>Declares a section checked by <paramref name="check"/> alone (for a section other libraries read, like <c>Logging</c>).</summary>
    /// <param name="path">A top-level key, or <c>PARENT:KEY</c> under a declared section.</param>
    /// <param name="check">Throws <see cref="BadInputException"/> naming the setting when the section is invalid.</param>
    public SettingsSchema Declare(string path, Action<IConfigurationSection> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return Add(new SettingsSection(path, (node, _) => check(node), null));
    }

    /// <summary>
    /// Declares a section bound to <typeparamref name="TOptions"/>: every key must be one of its
    /// properties (or a sub-section declared later), every value must convert, and
    /// <c>IOptions&lt;TOptions&gt;</c> is registered, bound from the section and validated at start by
    /// <paramref name="validator"/> and any other <see cref="IValidateOptions{TOptions}"/> registered.
    /// </summary>
    /// <param name="path">A top-level key, or <c>PARENT:KEY</c> under a declared section.</param>
    /// <param name="validator">Checks the bound values; each failure one line starting with the setting's path. <c>null</c> for none.</param>
    public SettingsSchema Declare<TOptions>(string path, IValidateOptions<TOptions>? validator = null)
        where TOptions : class
    {
        var section = new SettingsSection(path,
            (node, subSections) => SettingsShape.Check(node, typeof(TOptions), subSections),
            (self, services, configuration) =>
            {
                // The shape check has vetted every key; sub-sections are not the binder's to know.
                var errorOnUnknown = self.Children.Count == 0;
                services.AddOptions<TOptions>()
                    .Bind(configuration.GetSection(self.Path), o => o.ErrorOnUnknownConfiguration = errorOnUnknown)
                    .ValidateOnStart();
                if (validator is not null)
                {
                    services.AddSingleton(validator);
                }
            });
        return Add(section);
    }

    /// <summary>
    /// Declares a typed section that also holds keys of others: its own keys (the properties of
    /// <typeparamref name="TOptions"/>) are checked and bound as <see cref="Declare{TOptions}"/> does, any
    /// other key is left to its owner. <c>Plugins</c> is such a section: <c>Plugins:Folders</c> is the
    /// host's, <c>Plugins:&lt;plugin&gt;:&lt;device&gt;:&lt;stage&gt;:&lt;property&gt;</c> are stage properties, checked
    /// against the stages' declarations when a pipeline is planned (the plugins are loaded by then).
    /// </summary>
    /// <param name="path">A top-level key, or <c>PARENT:KEY</c> under a declared section.</param>
    public SettingsSchema DeclareOpen<TOptions>(string path)
        where TOptions : class
    {
        var own = typeof(TOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var section = new SettingsSection(path,
            (node, subSections) =>
            {
                string[] others = [.. node.GetChildren().Select(c => c.Key).Where(key => !own.Contains(key))];
                foreach (var key in others)
                {
                    // Another's key that is a near miss of one of ours is more likely a typo of ours.
                    if (DidYouMean.Hint(key, own) is { Length: > 0 } hint)
                    {
                        throw new BadInputException(ConfigurationPath.Combine(node.Path, key), $"unknown setting{hint}");
                    }
                }

                SettingsShape.Check(node, typeof(TOptions), [.. subSections, .. others]);
            },
            (self, services, configuration) => services.AddOptions<TOptions>()
                .Bind(configuration.GetSection(self.Path), o => o.ErrorOnUnknownConfiguration = false)
                .ValidateOnStart())
        {
            Open = true,
        };
        return Add(section);
    }

    /// <summary>Checks every key of <paramref name="configuration"/> against the declared sections.</summary>
    /// <exception cref="BadInputException">An unknown section, an unknown key, or a value that does not convert.</exception>
    public void Check(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var top in configuration.GetChildren())
        {
            if (!_sections.ContainsKey(top.Key))
            {
                throw new BadInputException(top.Key,
                    $"unknown section (known: {string.Join(", ", _sections.Keys)}){DidYouMean.Hint(top.Key, _sections.Keys)}");
            }
        }

        foreach (var section in _sections.Values)
        {
            section.Check(configuration);
        }
    }

    /// <summary>
    /// Binds a declared section now, for what the host needs before its services exist (the plugin
    /// folders, the memory map); call <see cref="Check"/> first.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="path"/> is not declared.</exception>
    public T Bind<T>(IConfiguration configuration, string path)
        where T : new()
    {
        var section = Find(path) ?? throw new InvalidOperationException($"section {path} is not declared");
        return SettingsLoader.Bind<T>(configuration, section.Path, errorOnUnknown: section.Children.Count == 0 && !section.Open);
    }

    /// <summary>Registers the options of every typed section, bound from <paramref name="configuration"/>.</summary>
    public void Register(IServiceCollection services, IConfiguration configuration)
    {
        foreach (var section in _sections.Values)
        {
            section.Register(services, configuration);
        }
    }

    /// <summary>
    /// Runs the options validation registered for start now, so that every command, started or not,
    /// refuses invalid settings before it does anything.
    /// </summary>
    /// <exception cref="BadInputException">The failures, on one line.</exception>
    public static void Validate(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
        }
        catch (OptionsValidationException e)
        {
            throw new BadInputException(e.Failures, e);
        }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            throw new BadInputException(e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures), e);
        }
    }

    private SettingsSchema Add(SettingsSection section)
    {
        var colon = section.Path.LastIndexOf(':');
        if (colon < 0)
        {
            _sections.Add(section.Path, section);
            return this;
        }

        var parentPath = section.Path[..colon];
        var parent = Find(parentPath) ?? throw new InvalidOperationException($"declare section {parentPath} before {section.Path}");
        parent.Children.Add(section.Key, section);
        return this;
    }

    private SettingsSection? Find(string path)
    {
        var parts = path.Split(':');
        if (!_sections.TryGetValue(parts[0], out var found))
        {
            return null;
        }

        foreach (var part in parts.Skip(1))
        {
            if (!found.Children.TryGetValue(part, out found))
            {
                return null;
            }
        }

        return found;
    }
}
