using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Host.Plugins;

/// <summary>The outcome of loading the plugin folders: one record per candidate, the device registry and the memory map with plugin heaps.</summary>
internal sealed class PluginSet : IDisposable
{
    public PluginSet(IReadOnlyList<PluginRecord> plugins, DeviceRegistry devices, MemoryMap memory, IReadOnlyList<PluginFolderScan>? folders = null)
    {
        Plugins = plugins;
        Folders = folders ?? [];
        Devices = devices;
        Memory = memory;
    }

    public IReadOnlyList<PluginRecord> Plugins { get; }

    /// <summary>The plugin folders searched, in order, each with why it yielded no plugin if it did not.</summary>
    public IReadOnlyList<PluginFolderScan> Folders { get; }

    public DeviceRegistry Devices { get; }

    public MemoryMap Memory { get; }

    public IEnumerable<PluginRecord> Loaded => Plugins.Where(p => p.Loaded);

    public IEnumerable<PluginRecord> Failed => Plugins.Where(p => !p.Loaded);

    /// <summary>
    /// How many buffers an exporter (a device, or a heap for heap allocations) still has alive; set by
    /// whoever owns the buffer core, so that a plugin is never unloaded under a buffer it exported
    /// (design §2 invariant 2). Unset, nothing is counted.
    /// </summary>
    public Func<string, int>? LiveBuffers { get; set; }

    /// <summary>Plugins that could not be unloaded at <see cref="Dispose"/>, with why.</summary>
    public List<string> UnloadRefusals { get; } = [];

    /// <summary>Unloads one plugin: drops its entry and unloads its load context (kept until the process exits when it is not collectible).</summary>
    /// <exception cref="PluginBusyException">A buffer exported by one of its devices or heaps is still alive.</exception>
    public void Unload(PluginRecord plugin)
    {
        ArgumentNullException.ThrowIfNull(plugin);
        if (LiveBuffers is { } live)
        {
            var busy = plugin.Devices.Select(d => d.Device.Name).Concat(plugin.Heaps.Select(h => h.Heap.Name))
                .Select(exporter => (Exporter: exporter, Alive: live(exporter))).Where(x => x.Alive > 0).ToArray();
            if (busy.Length > 0)
            {
                throw new PluginBusyException($"plugin {plugin.Name} cannot be unloaded: " +
                    string.Join(", ", busy.Select(b => $"{b.Alive} buffer{(b.Alive == 1 ? "" : "s")} exported by {b.Exporter} still alive")));
            }
        }

        plugin.Entry = null;
        plugin.Loader?.Dispose();
        plugin.Loader = null;
    }

    /// <summary>
    /// Unloads every plugin's load context, in reverse load order, after the service provider that
    /// holds their objects is gone. A plugin with live buffers stays loaded (its code must outlive
    /// them) and is listed in <see cref="UnloadRefusals"/>.
    /// </summary>
    public void Dispose()
    {
        foreach (var plugin in Plugins.Reverse())
        {
            try
            {
                Unload(plugin);
            }
            catch (PluginBusyException e)
            {
                UnloadRefusals.Add(e.Message);
            }
        }
    }
}
