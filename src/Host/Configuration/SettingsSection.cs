using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace PluggableDmaBuf.Host.Configuration;

/// <summary>
/// A configuration section the host knows: its path (<c>Pipeline</c>, or <c>Plugins:NAME</c> for a
/// plugin's own), how its keys are checked before anything reads them, and, for a typed section,
/// how its options are registered (bound and validated through the options pattern).
/// </summary>
internal sealed class SettingsSection(string path, Action<IConfigurationSection, IReadOnlyCollection<string>> check,
    Action<SettingsSection, IServiceCollection, IConfiguration>? register)
{
    /// <summary>The section's full path.</summary>
    public string Path { get; } = path;

    /// <summary>The last part of <see cref="Path"/>.</summary>
    public string Key { get; } = path[(path.LastIndexOf(':') + 1)..];

    /// <summary>Whether keys other than the section's own belong to others and are left alone (<see cref="SettingsSchema.DeclareOpen{TOptions}"/>).</summary>
    public bool Open { get; init; }

    /// <summary>Declared sections inside this one, by key.</summary>
    public SortedDictionary<string, SettingsSection> Children { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Checks the section's keys and values, then those of its declared sub-sections.</summary>
    /// <exception cref="Errors.BadInputException">A key is unknown or a value is invalid.</exception>
    public void Check(IConfiguration configuration)
    {
        var node = configuration.GetSection(Path);
        check(node, Children.Keys);
        foreach (var child in Children.Values)
        {
            child.Check(configuration);
        }
    }

    /// <summary>Registers this section's options and those of its sub-sections.</summary>
    public void Register(IServiceCollection services, IConfiguration configuration)
    {
        register?.Invoke(this, services, configuration);
        foreach (var child in Children.Values)
        {
            child.Register(services, configuration);
        }
    }
}
