using Microsoft.Extensions.DependencyInjection;
using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Host.Hosting;

namespace PluggableDmaBuf.Host.Tests.Hosting;

/// <summary>Every command's host is composed once, the same way: the core, its factory, one negotiator and the fence service.</summary>
public sealed class CompositionTests : IDisposable
{
    private readonly string _plugins = Directory.CreateTempSubdirectory("pdmabuf-empty-").FullName;

    [Fact]
    public async Task The_core_services_are_there_without_any_command_adding_them()
    {
        await using var app = PdmabufApp.Build(new HostSettings { PluginFolders = [_plugins] });
        var services = app.Services;

        var core = services.GetRequiredService<DmaBufCore>();
        Assert.Same(core, services.GetRequiredService<IDmaBufFactory>());
        Assert.Same(services.GetRequiredService<MemoryMap>(), core.Map);
        Assert.Single(services.GetServices<INegotiator>());
        Assert.Single(services.GetServices<IFenceService>());
        Assert.Single(services.GetServices<DmaBufCore>());
    }

    [Fact]
    public async Task A_plugin_can_make_fences_from_the_hosts_fence_service()
    {
        await using var app = PdmabufApp.Build(new HostSettings { PluginFolders = [_plugins] });
        var fences = app.Services.GetRequiredService<IFenceService>();

        var timeline = fences.CreateTimeline("plugin.test");
        var fence = timeline.CreateFence();
        timeline.Signal(fence);

        Assert.True(fence.IsSignaled);
        Assert.Equal(timeline.Context, fence.Context);
    }

    public void Dispose() => Directory.Delete(_plugins, recursive: true);
}
