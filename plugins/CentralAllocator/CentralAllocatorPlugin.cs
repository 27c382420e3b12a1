using Microsoft.Extensions.DependencyInjection;
using PluggableDmaBuf.Plugins.CentralAllocator.Allocation;

namespace PluggableDmaBuf.Plugins.CentralAllocator;

/// <summary>
/// The central allocator of design §4: when this plugin is loaded it takes over the creation of
/// every buffer, negotiating over every registered device that may consume it.
/// </summary>
internal sealed class CentralAllocatorPlugin : IDmaBufPlugin
{
    public void ConfigureServices(IServiceCollection services) => services.AddCentralAllocator<CentralBufferAllocator>();
}
