using Moq;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Host.Plugins;

namespace PluggableDmaBuf.Host.Tests.Plugins;

/// <summary>Invariant 2: a plugin cannot be unloaded while a buffer it exported is alive.</summary>
public sealed class PluginUnloadTests
{
    [Fact]
    public void A_plugin_whose_buffers_are_alive_is_refused_and_can_go_once_they_are_released()
    {
        var (set, video) = SetWithVideoPlugin();
        var alive = 2;
        set.LiveBuffers = exporter => exporter == "video0" ? alive : 0;

        var error = Assert.Throws<PluginBusyException>(() => set.Unload(video));

        Assert.Equal("plugin Video cannot be unloaded: 2 buffers exported by video0 still alive", error.Message);
        Assert.NotNull(video.Entry);

        alive = 0;
        set.Unload(video);
        Assert.Null(video.Entry);
    }

    [Fact]
    public void Buffers_allocated_from_a_plugins_heap_keep_it_loaded()
    {
        var (set, video) = SetWithVideoPlugin();
        video.Heaps.Add(new HeapRegistration(MemoryMap.DeviceLocalHeap("video0", 1)));
        set.LiveBuffers = exporter => exporter == "video0-vram" ? 1 : 0;

        set.Dispose();

        Assert.Equal(["plugin Video cannot be unloaded: 1 buffer exported by video0-vram still alive"], set.UnloadRefusals);
        Assert.NotNull(video.Entry);
    }

    private static (PluginSet Set, PluginRecord Video) SetWithVideoPlugin()
    {
        var video = new PluginRecord("Video", "/plugins/Video") { Entry = new Mock<IDmaBufPlugin>().Object };
        video.Devices.Add(new DeviceRegistration(new DeviceDescription("video0"), DeviceRoles.Exporter));
        return (new PluginSet([video], new DeviceRegistry(video.Devices), MemoryMap.SystemDefault), video);
    }
}
