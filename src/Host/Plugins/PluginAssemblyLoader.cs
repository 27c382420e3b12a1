using System.Reflection;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PluggableDmaBuf.Host.Plugins;

/// <summary>
/// Our own seam over McMaster.NETCore.Plugins (in maintenance upstream): the rest of the host
/// never sees its types, so the loader can be replaced by a plain AssemblyLoadContext later.
/// Each plugin gets its own load context that shares Abstractions and the Microsoft.Extensions DI
/// and logging abstractions with the host (design §1).
/// </summary>
/// <remarks>
/// The contexts are not collectible: the runtime does not use ReadyToRun code in a collectible
/// context, so every plugin method was JIT-compiled at start (measured: a one-frame 1080p job
/// 690 → 562 ms, 1139 → 1027 methods compiled). Unloading a plugin therefore drops its objects and
/// disposes its context, and the host still refuses it while a buffer the plugin exported is alive;
/// the code itself stays mapped until the process exits, which for a command is at the end of its job.
/// </remarks>
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
    public static PluginAssemblyLoader Load(string assemblyPath)
    {
        var loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, SharedTypes, config =>
        {
            config.PreferSharedTypes = true;
            config.IsUnloadable = false;
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

    /// <summary>Unloads the plugin's load context; callers must have dropped every object of the plugin first.</summary>
    public void Dispose() => _loader.Dispose();
}
