using Microsoft.Extensions.DependencyInjection;

namespace PluggableDmaBuf;

/// <summary>The registration helpers a plugin calls from <see cref="IDmaBufPlugin.ConfigureServices"/>.</summary>
public static class DmaBufServiceCollectionExtensions
{
    /// <summary>Registers a device. Its name must be unique across all plugins; the host checks this right after your <c>ConfigureServices</c>.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="device">The device and its constraints.</param>
    /// <param name="roles">What the device does with shared buffers.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddDmaBufDevice(this IServiceCollection services, DeviceDescription device, DeviceRoles roles)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(device);
        services.AddSingleton(new DeviceRegistration(device, roles));
        return services;
    }

    /// <summary>Registers a heap the plugin owns; its name must be unique and its range must not overlap another heap.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="heap">The heap.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddDmaBufHeap(this IServiceCollection services, HeapDescription heap)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(heap);
        services.AddSingleton(new HeapRegistration(heap));
        return services;
    }

    /// <summary>Registers a pipeline stage type; the host creates one instance per run through the service provider.</summary>
    /// <typeparam name="T">The stage type.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddPipelineStage<T>(this IServiceCollection services)
        where T : PipelineStage
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddTransient<PipelineStage, T>();
        return services;
    }

    /// <summary>
    /// Registers the central allocator: the allocator that sees every participant's constraints before a
    /// buffer is placed, so that it lands where all of them can reach it. Only one may be registered across all plugins; with
    /// it present, <c>pdmabuf run --allocator auto</c> uses it for every buffer.
    /// </summary>
    /// <typeparam name="T">The allocator type.</typeparam>
    /// <param name="services">The host's services.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddCentralAllocator<T>(this IServiceCollection services)
        where T : class, IBufferAllocator
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IBufferAllocator, T>();
        return services;
    }
}
