using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Host.Cli;
using PluggableDmaBuf.Host.Plugins;
using PluggableDmaBuf.Host.Tests.Plugins;

namespace PluggableDmaBuf.Host.Tests.Cli.Support;

/// <summary>Registers mocked plugins as the host does, builds the service provider, and reads the stage listings from it.</summary>
internal static class StageListingsHarness
{
    public static DeviceDescription Device(string name) => new(name, hasIommu: true, addressBits: 64,
        formats: [new FormatSupport(PixelFormat.NV12), new FormatSupport(PixelFormat.XR24, ["tiled", FormatSupport.Linear])], usages: ["probe"]);

    public static async Task<(PluginSet Plugins, StageListings Catalog)> ReadAsync(params (string Name, Action<IServiceCollection> Configure)[] plugins)
    {
        var services = new ServiceCollection();
        var set = PluginRegistrar.Register([.. plugins.Select(p => PluginRegistrationTests.Plugin(p.Name, p.Configure).Record)], services,
            MemoryMap.SystemDefault, NullLogger.Instance);
        await using var provider = services.BuildServiceProvider();
        return (set, await StageListings.ReadAsync(set, provider));
    }
}
