using Microsoft.Extensions.DependencyInjection;

namespace PluggableDmaBuf;

/// <summary>
/// The entry type of a plugin. The host finds exactly one non-abstract type implementing this
/// interface, with a public parameterless constructor, in the plugin's assembly
/// (<c>&lt;Name&gt;/&lt;Name&gt;.dll</c> in a plugin folder), creates it once, and calls:
/// <list type="number">
/// <item><see cref="ConfigureServices"/> once, before the service provider is built, in plugin
/// discovery order. Register devices (<see cref="DmaBufServiceCollectionExtensions.AddDmaBufDevice"/>),
/// heaps you own (<see cref="DmaBufServiceCollectionExtensions.AddDmaBufHeap"/>), pipeline stages, an
/// allocator, and any services of your own. Nothing is registered for you by reflection.</item>
/// <item><see cref="StartAsync"/> once the provider exists, in discovery order.</item>
/// <item><see cref="StopAsync"/> at shutdown, in reverse order; a failure here is collected and
/// reported, and does not stop the other plugins from stopping.</item>
/// </list>
/// If <see cref="ConfigureServices"/> throws, or registers a device name another plugin already
/// registered, everything this plugin registered is removed, the plugin is reported as failed, and
/// the other plugins still load.
/// </summary>
/// <remarks>
/// The host calls these members from one thread at a time. The plugin is loaded in its own
/// load context with PluggableDmaBuf.Abstractions, Microsoft.Extensions.DependencyInjection.Abstractions
/// and Microsoft.Extensions.Logging.Abstractions shared with the host, so types from those
/// assemblies are the host's own; reference only them (and private dependencies shipped in your folder).
/// </remarks>
public interface IDmaBufPlugin
{
    /// <summary>Registers the plugin's devices, heaps, stages and services.</summary>
    /// <param name="services">The host's service collection.</param>
    void ConfigureServices(IServiceCollection services);

    /// <summary>Optional: called once the host has started, with its services. The default does nothing.</summary>
    /// <param name="services">The host's built service provider.</param>
    /// <param name="cancellationToken">Cancelled when the host gives up starting.</param>
    Task StartAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Optional: called once at shutdown, in reverse load order. The default does nothing.</summary>
    /// <param name="cancellationToken">Cancelled when the host's shutdown timeout expires.</param>
    Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
