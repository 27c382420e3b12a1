using System.Reflection;
using System.Runtime.Loader;

namespace PluggableDmaBuf.Host.Plugins;

/// <summary>
/// One plugin's load context. An assembly the host's own context can provide (Abstractions, the
/// Microsoft.Extensions abstractions, the framework, anything the host ships) is taken from there, so that
/// the plugin and the host see one type identity; any other is resolved through the plugin's
/// <c>.deps.json</c> (the runtime's own resolver, which also finds native libraries and satellite
/// assemblies), then as <c>NAME.dll</c> beside the plugin.
/// </summary>
/// <remarks>Assemblies are mapped from their files, so their ReadyToRun code can be used (unless the context is collectible).</remarks>
internal sealed class PluginLoadContext : AssemblyLoadContext
{
    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _folder;

    /// <exception cref="InvalidOperationException">The plugin's dependency manifest cannot be read.</exception>
    public PluginLoadContext(string assemblyPath, bool collectible)
        : base(Path.GetFileNameWithoutExtension(assemblyPath), collectible)
    {
        _resolver = new AssemblyDependencyResolver(assemblyPath);
        _folder = Path.GetDirectoryName(assemblyPath)!;
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null)
        {
            return null;
        }

        try
        {
            return Default.LoadFromAssemblyName(assemblyName);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            // Not the host's to give (or not in the version asked for): the plugin's own copy, below.
        }

        var path = _resolver.ResolveAssemblyToPath(assemblyName) is { } resolved && File.Exists(resolved)
            ? resolved
            : Path.Combine(_folder, assemblyName.Name + ".dll");
        return File.Exists(path) ? LoadFromAssemblyPath(path) : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
}
