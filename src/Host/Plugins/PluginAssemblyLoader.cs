using System.Reflection;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PluggableDmaBuf.Host.Plugins;

/// <summary>
/// Our own seam over McMaster.NETCore.Plugins (in maintenance upstream): the rest of the host
/// never sees its types, so the loader can be replaced by a plain AssemblyLoadContext later.
/// Each plugin gets its own load context (collectible unless the host owns its process, see
/// <see cref="Hosting.HostSettings.CollectiblePlugins"/>) that shares Abstractions and the
/// Microsoft.Extensions DI and logging abstractions with the host (design §1).
/// </summary>
internal sealed class PluginAssemblyLoader : IDisposable
{
    /// <summary>Types whose assemblies are shared with every plugin: one type identity across contexts.</summary>
    internal static readonly Type[] SharedTypes = [typeof(IDmaBufPlugin), typeof(IServiceCollection), typeof(ILogger)];

    private readonly PluginLoader _loader;

    private PluginAssemblyLoader(PluginLoader loader, Assembly assembly)
    {
        _loader = loader;
        Assembly = assembly;
    }

    public Assembly Assembly { get; }

    /// <summary>Loads <paramref name="assemblyPath"/> in a new load context.</summary>
    /// <param name="assemblyPath">The plugin's assembly.</param>
    /// <param name="collectible">Whether <see cref="Dispose"/> unloads the context; a context that is not collectible stays until the process exits.</param>
    public static PluginAssemblyLoader Load(string assemblyPath, bool collectible)
    {
        var loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, SharedTypes, config =>
        {
            config.PreferSharedTypes = true;
            config.IsUnloadable = collectible;
        });
        try
        {
            return new PluginAssemblyLoader(loader, loader.LoadDefaultAssembly());
        }
        catch
        {
            loader.Dispose();
            throw;
        }
    }

    /// <summary>Unloads the plugin's load context if it is collectible; callers must have dropped every object of the plugin first.</summary>
    public void Dispose() => _loader.Dispose();
}
