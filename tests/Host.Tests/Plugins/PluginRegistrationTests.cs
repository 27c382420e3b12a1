using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Host.Plugins;

namespace PluggableDmaBuf.Host.Tests.Plugins;

/// <summary>Registration through mocked plugin entry types (the contract interface from the default load context).</summary>
public sealed class PluginRegistrationTests
{
    [Fact]
    public void Plugins_register_in_discovery_order()
    {
        var order = new List<string>();
        var a = Plugin("A", s => { order.Add("A"); s.AddDmaBufDevice(new DeviceDescription("a0"), DeviceRoles.Exporter); });
        var b = Plugin("B", s => { order.Add("B"); s.AddDmaBufDevice(new DeviceDescription("b0"), DeviceRoles.Importer); });
        var services = new ServiceCollection();

        var set = PluginRegistrar.Register([a.Record, b.Record], services, MemoryMap.SystemDefault, NullLogger.Instance);

        Assert.Equal(["A", "B"], order);
        Assert.Equal(["a0", "b0"], set.Devices.Devices.Select(d => d.Device.Name));
        Assert.Equal(2, services.Count(d => d.ServiceType == typeof(DeviceRegistration)));
        a.Mock.Verify(p => p.ConfigureServices(It.IsAny<IServiceCollection>()), Times.Once);
    }

    [Fact]
    public void A_throwing_plugin_contributes_nothing_and_the_others_load()
    {
        var a = Plugin("A", s => s.AddDmaBufDevice(new DeviceDescription("a0"), DeviceRoles.Exporter));
        var bad = Plugin("Bad", s =>
        {
            s.AddSingleton("leftover");
            s.AddDmaBufDevice(new DeviceDescription("bad0"), DeviceRoles.Exporter);
            throw new InvalidOperationException("no hardware");
        });
        var c = Plugin("C", s => s.AddDmaBufDevice(new DeviceDescription("c0"), DeviceRoles.Importer));
        var services = new ServiceCollection();

        var set = PluginRegistrar.Register([a.Record, bad.Record, c.Record], services, MemoryMap.SystemDefault, NullLogger.Instance);

        Assert.Contains("ConfigureServices threw InvalidOperationException: no hardware", bad.Record.Error, StringComparison.Ordinal);
        Assert.Equal(["a0", "c0"], set.Devices.Devices.Select(d => d.Device.Name));
        Assert.DoesNotContain(services, d => d.ServiceType == typeof(string));
        Assert.Empty(bad.Record.Devices);
    }

    [Fact]
    public void A_duplicate_device_name_fails_the_later_plugin_only()
    {
        var first = Plugin("First", s => s.AddDmaBufDevice(new DeviceDescription("gpu0"), DeviceRoles.Exporter));
        var second = Plugin("Second", s =>
        {
            s.AddDmaBufDevice(new DeviceDescription("disp0"), DeviceRoles.Importer);
            s.AddDmaBufDevice(new DeviceDescription("gpu0"), DeviceRoles.Importer);
        });

        var set = PluginRegistrar.Register([first.Record, second.Record], new ServiceCollection(), MemoryMap.SystemDefault, NullLogger.Instance);

        Assert.Equal("device 'gpu0' is already registered by plugin First", second.Record.Error);
        Assert.Equal(["gpu0"], set.Devices.Devices.Select(d => d.Device.Name));
        Assert.Null(set.Devices.Find("disp0"));
    }

    [Fact]
    public void A_plugin_heap_joins_the_memory_map_and_a_clashing_one_fails()
    {
        var vram = MemoryMap.DeviceLocalHeap("gpu0", 0);
        var gpu = Plugin("Gpu", s =>
        {
            s.AddDmaBufHeap(vram);
            s.AddDmaBufDevice(new DeviceDescription("gpu0", hasIommu: true, heaps: ["gpu0-vram", "system"]), DeviceRoles.Exporter);
        });
        var clash = Plugin("Clash", s => s.AddDmaBufHeap(MemoryMap.DeviceLocalHeap("gpu0", 0)));

        var set = PluginRegistrar.Register([gpu.Record, clash.Record], new ServiceCollection(), MemoryMap.SystemDefault, NullLogger.Instance);

        Assert.Same(vram, set.Memory.Find("gpu0-vram"));
        Assert.Null(gpu.Record.Error);
        Assert.StartsWith("heap 'gpu0-vram' cannot be added", clash.Record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_naming_an_unknown_heap_is_refused_at_registration()
    {
        var plugin = Plugin("P", s => s.AddDmaBufDevice(new DeviceDescription("d0", heaps: ["nowhere"]), DeviceRoles.Importer));

        PluginRegistrar.Register([plugin.Record], new ServiceCollection(), MemoryMap.SystemDefault, NullLogger.Instance);

        Assert.Equal("device 'd0' names heap 'nowhere', which neither the memory map nor any loaded plugin provides", plugin.Record.Error);
    }

    [Fact]
    public void A_heap_from_a_plugin_loaded_later_still_counts()
    {
        var display = Plugin("Display", s => s.AddDmaBufDevice(new DeviceDescription("disp0", heaps: ["gpu0-vram"]), DeviceRoles.Importer));
        var gpu = Plugin("Gpu", s => s.AddDmaBufHeap(MemoryMap.DeviceLocalHeap("gpu0", 0)));

        PluginRegistrar.Register([display.Record, gpu.Record], new ServiceCollection(), MemoryMap.SystemDefault, NullLogger.Instance);

        Assert.Null(display.Record.Error);
    }

    [Fact]
    public void Losing_a_heap_fails_the_devices_that_needed_it()
    {
        var first = Plugin("First", s => s.AddDmaBufDevice(new DeviceDescription("gpu0"), DeviceRoles.Exporter));
        var gpu = Plugin("Gpu", s =>
        {
            s.AddDmaBufHeap(MemoryMap.DeviceLocalHeap("gpu0", 0));
            s.AddDmaBufDevice(new DeviceDescription("gpu0"), DeviceRoles.Exporter);
        });
        var peer = Plugin("Peer", s => s.AddDmaBufDevice(new DeviceDescription("peer0", heaps: ["gpu0-vram"]), DeviceRoles.Importer));

        var set = PluginRegistrar.Register([first.Record, gpu.Record, peer.Record], new ServiceCollection(), MemoryMap.SystemDefault, NullLogger.Instance);

        Assert.NotNull(gpu.Record.Error);
        Assert.NotNull(peer.Record.Error);
        Assert.Null(set.Memory.Find("gpu0-vram"));
    }

    internal static (Mock<IDmaBufPlugin> Mock, PluginRecord Record) Plugin(string name, Action<IServiceCollection> configure)
    {
        var mock = new Mock<IDmaBufPlugin>(MockBehavior.Strict);
        mock.Setup(p => p.ConfigureServices(It.IsAny<IServiceCollection>())).Callback(configure);
        return (mock, new PluginRecord(name, $"/plugins/{name}") { Entry = mock.Object });
    }
}
