using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PluggableDmaBuf;
using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.DependencyInjection;
using PluggableDmaBuf.Core.Fences;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Negotiation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the dma-buf core into a service collection: the one composition entry of the framework.</summary>
public static class DmaBufCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers, as singletons: <see cref="DmaBufCore"/> and <see cref="IDmaBufFactory"/> (the same
    /// object), <see cref="INegotiator"/> (the framework's negotiation engine, which the core uses
    /// too), <see cref="IFenceService"/>, a <see cref="MemoryMap"/> (the system default, unless one is
    /// registered before this call) and <see cref="DmaBufCoreOptions"/> through the options pattern,
    /// validated when the options are first read and at host start.
    /// </summary>
    /// <remarks>
    /// Calling it again adds nothing but the extra <paramref name="configure"/>. A negotiator, fence
    /// service or memory map registered before the call is used instead of the framework's.
    /// A test without a host: <c>new ServiceCollection().AddDmaBufCore().BuildServiceProvider()</c>.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the options; <c>null</c> for none. Like every options configuration, it runs in registration order, so it overrides configuration bound before this call and is overridden by configuration bound after.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddDmaBufCore(this IServiceCollection services, Action<DmaBufCoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<DmaBufCoreOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DmaBufCoreOptions>, DmaBufCoreOptionsValidator>());
        services.TryAddSingleton<INegotiator>(NegotiationEngine.Instance);
        services.TryAddSingleton<IFenceService>(FenceService.Instance);
        services.TryAddSingleton(MemoryMap.SystemDefault);
        services.TryAddSingleton(sp => new DmaBufCore(
            sp.GetRequiredService<MemoryMap>(),
            sp.GetRequiredService<IOptions<DmaBufCoreOptions>>().Value,
            sp.GetRequiredService<INegotiator>()));
        services.TryAddSingleton<IDmaBufFactory>(sp => sp.GetRequiredService<DmaBufCore>());
        return services;
    }
}
