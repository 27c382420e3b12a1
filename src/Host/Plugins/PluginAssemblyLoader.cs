using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PluggableDmaBuf.Host.Plugins;

/// <summary>
/// A plugin's assembly in its own load context (collectible unless the host owns its process, see
/// <see cref="Hosting.HostSettings.CollectiblePlugins"/>) that shares Abstractions and the
/// Microsoft.Extensions DI and logging abstractions with the host (design §1).
/// </summary>
internal sealed class PluginAssemblyLoader : IDisposable
{
    /// <summary>Types whose assemblies are shared with every plugin: one type identity across contexts.</summary>
    internal static readonly Type[] SharedTypes = [typeof(IDmaBufPlugin), typeof(IServiceCollection), typeof(ILogger)];

    private readonly PluginLoadContext _context;

    private PluginAssemblyLoader(PluginLoadContext context, Assembly assembly)
    {
        _context = context;
        Assembly = assembly;
    }

    public Assembly Assembly { get; }

    /// <summary>Loads <paramref name="assemblyPath"/> in a new load context.</summary>
    /// <param name="assemblyPath">The plugin's assembly.</param>
    /// <param name="collectible">Whether <see cref="Dispose"/> unloads the context; a context that is not collectible stays until the process exits.</param>
    public static PluginAssemblyLoader Load(string assemblyPath, bool collectible)
    {
        var context = new PluginLoadContext(assemblyPath, collectible);
        try
        {
            return new PluginAssemblyLoader(context, context.LoadFromAssemblyPath(assemblyPath));
        }
        catch when (collectible)
        {
            context.Unload();
            throw;
        }
    }

    /// <summary>Unloads the plugin's load context if it is collectible; callers must have dropped every object of the plugin first.</summary>
    public void Dispose()
    {
        if (_context.IsCollectible)
        {
            _context.Unload();
        }
    }
}
