using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Host.Plugins;

/// <summary>The outcome of loading the plugin folders: one record per candidate, the device registry and the memory map with plugin heaps.</summary>
internal sealed class PluginSet : IDisposable
{
    public PluginSet(IReadOnlyList<PluginRecord> plugins, DeviceRegistry devices, MemoryMap memory)
    {
        Plugins = plugins;
        Devices = devices;
        Memory = memory;
    }

    public IReadOnlyList<PluginRecord> Plugins { get; }

    public DeviceRegistry Devices { get; }

    public MemoryMap Memory { get; }

    public IEnumerable<PluginRecord> Loaded => Plugins.Where(p => p.Loaded);

    public IEnumerable<PluginRecord> Failed => Plugins.Where(p => !p.Loaded);

    /// <summary>The loaded plugin that registered <paramref name="device"/>, or <c>null</c>.</summary>
    public PluginRecord? OwnerOf(string device) =>
        Loaded.FirstOrDefault(p => p.Devices.Any(d => string.Equals(d.Device.Name, device, StringComparison.Ordinal)));

    /// <summary>Unloads every plugin's load context (after the service provider that holds their objects is gone).</summary>
    public void Dispose()
    {
        foreach (var plugin in Plugins.Reverse())
        {
            plugin.Entry = null;
            plugin.Loader?.Dispose();
            plugin.Loader = null;
        }
    }
}
