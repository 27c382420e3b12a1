using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.IO;
using PluggableDmaBuf.Host.Logging;

namespace PluggableDmaBuf.Host.Plugins;

/// <summary>
/// Loads every plugin candidate and lets it register its services, isolating failures: a plugin
/// that cannot be loaded, throws, or registers a device name or heap that is taken gets one error
/// naming its folder and the cause, contributes nothing to the host's services, and the others
/// still load. Each plugin registers into a scratch collection first; only a plugin
/// that passes validation is copied into the host's collection, so a failure leaves no half state.
/// </summary>
internal static partial class PluginRegistrar
{
    public static PluginSet LoadAll(IEnumerable<string> folders, bool collectible, IServiceCollection services, MemoryMap systemMemory, ILogger logger)
    {
        var records = new List<PluginRecord>();
        var scans = PluginDiscovery.Discover(folders);
        var byFolder = new List<(PluginFolderScan Scan, List<PluginRecord> Records)>();
        foreach (var scan in scans)
        {
            var mine = new List<PluginRecord>();
            foreach (var candidate in scan.Candidates)
            {
                var record = new PluginRecord(candidate.Name, candidate.Folder);
                mine.Add(record);
                try
                {
                    LoadEntry(candidate, record, collectible);
                }
                catch (PluginLoadException e)
                {
                    Fail(record, e.Message, logger);
                }
            }

            records.AddRange(mine);
            byFolder.Add((scan, mine));
        }

        var set = Register(records, services, systemMemory, logger, scans);
        foreach (var (scan, mine) in byFolder)
        {
            // After registration: a plugin can still fail there (a device name taken, a heap missing).
            PluginDiscovery.Explain(scan, mine);
            if (scan.Problem is not null)
            {
                LogFolderYieldedNothing(logger, scan.Path, scan.Problem);
            }
        }

        return set;
    }

    /// <summary>
    /// Lets every loaded plugin (one whose <see cref="PluginRecord.Entry"/> is set) register its services,
    /// in order, and validates them; the seam host tests drive with mocked entry types.
    /// </summary>
    internal static PluginSet Register(IReadOnlyList<PluginRecord> records, IServiceCollection services, MemoryMap systemMemory, ILogger logger,
        IReadOnlyList<PluginFolderScan>? folders = null)
    {
        var scratches = new Dictionary<PluginRecord, ServiceCollection>();
        foreach (var record in records.Where(r => r.Loaded))
        {
            var scratch = new ServiceCollection();
            try
            {
                try
                {
                    Configure(record, scratch);
                }
                finally
                {
                    // Also after a throw: the devices it registered so far tell which stages were its.
                    Classify(record, scratch);
                }

                scratches.Add(record, scratch);
            }
            catch (PluginLoadException e)
            {
                Fail(record, e.Message, logger);
            }
        }

        // Heaps and device names are checked against every plugin that is still standing; a plugin
        // failing here can take a heap away that a later device needs, so repeat until nothing changes.
        MemoryMap memory;
        bool changed;
        do
        {
            changed = false;
            memory = systemMemory;
            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var record in records.Where(r => r.Loaded))
            {
                try
                {
                    memory = AddHeaps(record, memory);
                }
                catch (PluginLoadException e)
                {
                    Fail(record, e.Message, logger);
                    changed = true;
                }
            }

            foreach (var record in records.Where(r => r.Loaded))
            {
                try
                {
                    CheckDevices(record, owners, memory);
                }
                catch (PluginLoadException e)
                {
                    Fail(record, e.Message, logger);
                    changed = true;
                }
            }
        }
        while (changed);

        foreach (var record in records.Where(r => r.Loaded))
        {
            foreach (var descriptor in scratches[record])
            {
                services.Add(descriptor);
            }

            LogLoaded(logger, record.Name, record.Version ?? "?", record.Devices.Count, record.Path);
        }

        return new PluginSet(records, new DeviceRegistry(records.Where(r => r.Loaded).SelectMany(r => r.Devices)), memory, folders);
    }

    private static void Fail(PluginRecord record, string reason, ILogger logger)
    {
        record.Error = reason;
        record.FailedDevices.AddRange(record.Devices.Select(d => d.Device.Name));
        record.Devices.Clear();
        record.Heaps.Clear();
        record.Stages.Clear();
        record.Services.Clear();
        record.Entry = null;
        record.Loader?.Dispose();
        record.Loader = null;
        LogFailed(logger, record.Name, record.Path, reason);
    }

    private static void LoadEntry(PluginCandidate candidate, PluginRecord record, bool collectible)
    {
        string[] dlls;
        try
        {
            dlls = Directory.GetFiles(candidate.Folder, "*.dll").Select(Path.GetFileName).OfType<string>().ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PluginLoadException($"cannot list the folder: {(e is UnauthorizedAccessException ? "permission denied" : e.Message)}");
        }

        if (!dlls.Contains(candidate.Name + ".dll", StringComparer.Ordinal))
        {
            throw new PluginLoadException(dlls.Length == 0
                ? $"not a plugin: no {candidate.Name}.dll in the folder"
                : $"not a plugin: no {candidate.Name}.dll in the folder (it has {string.Join(", ", dlls)}; the assembly must be named after its folder)");
        }

        // The loader reads the dependency manifests beside the assembly too: each must be a file it
        // can read, or a FIFO there would hang the host's start.
        foreach (var companion in new[] { ".deps.json", ".runtimeconfig.json" })
        {
            var path = Path.Combine(candidate.Folder, candidate.Name + companion);
            if (!Path.Exists(path))
            {
                continue;
            }

            if (!InputFile.TryOpen(path, out var manifest, out var problem, bufferSize: 0))
            {
                throw new PluginLoadException($"{candidate.Name}{companion}: {problem}");
            }

            manifest.Dispose();
        }

        if (!InputFile.TryOpen(candidate.AssemblyPath, out var assemblyFile, out var openProblem, bufferSize: 0))
        {
            throw new PluginLoadException($"{candidate.Name}.dll: {openProblem}");
        }

        AssemblyInspector.Inspection inspection;
        try
        {
            using (assemblyFile)
            {
                inspection = AssemblyInspector.Inspect(assemblyFile, candidate.Folder);
            }
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException or IOException)
        {
            throw new PluginLoadException($"{candidate.Name}.dll is not a valid .NET assembly ({e.Message})");
        }

        record.Version = inspection.Identity.Version?.ToString(3);
        var hostAbstractions = typeof(IDmaBufPlugin).Assembly.GetName().Version!;
        if (inspection.Abstractions is null)
        {
            throw new PluginLoadException($"not a plugin: {candidate.Name}.dll does not reference PluggableDmaBuf.Abstractions");
        }

        record.AbstractionsVersion = inspection.Abstractions.Version;
        if (inspection.Abstractions.Version?.Major != hostAbstractions.Major)
        {
            throw new PluginLoadException(
                $"built against PluggableDmaBuf.Abstractions {inspection.Abstractions.Version}, but this host provides {hostAbstractions}: the major versions are incompatible; rebuild the plugin against {hostAbstractions.Major}.x");
        }

        if (inspection.UnreadableReferences.Count > 0)
        {
            throw new PluginLoadException("dependency " + string.Join("; ", inspection.UnreadableReferences));
        }

        if (inspection.MissingReferences.Count > 0)
        {
            throw new PluginLoadException("missing dependency " + string.Join(", ", inspection.MissingReferences.Select(r => $"{r.Name} {r.Version}")) +
                ": not in the plugin folder and not part of the runtime");
        }

        try
        {
            record.Loader = PluginAssemblyLoader.Load(candidate.AssemblyPath, collectible);
        }
        catch (Exception e) when (e is FileLoadException or BadImageFormatException or FileNotFoundException or InvalidOperationException)
        {
            throw new PluginLoadException($"cannot load {candidate.Name}.dll: {e.Message}");
        }

        var assembly = record.Loader.Assembly;
        record.Version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? record.Version;
        var entryType = FindEntryType(assembly);
        try
        {
            record.Entry = (IDmaBufPlugin)Activator.CreateInstance(entryType)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new PluginLoadException($"entry type {entryType.FullName} threw in its constructor: {Describe(e.InnerException)}");
        }
    }

    private static void Configure(PluginRecord record, IServiceCollection scratch)
    {
        var entryType = record.Entry!.GetType();
        try
        {
            record.Entry.ConfigureServices(scratch);
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException)
        {
            throw new PluginLoadException($"missing dependency while configuring: {e.Message}");
        }
        catch (Exception e)
        {
            throw new PluginLoadException($"{entryType.Name}.ConfigureServices threw {Describe(e)}");
        }
    }

    private static Type FindEntryType(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            var cause = e.LoaderExceptions.FirstOrDefault(x => x is not null);
            throw new PluginLoadException($"cannot load its types: {cause?.Message ?? e.Message}");
        }

        var entries = types.Where(t => typeof(IDmaBufPlugin).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false }).ToArray();
        return entries.Length switch
        {
            0 => throw new PluginLoadException("not a plugin: no type implements PluggableDmaBuf.IDmaBufPlugin"),
            > 1 => throw new PluginLoadException($"several entry types implement IDmaBufPlugin ({string.Join(", ", entries.Select(t => t.FullName))}); keep one"),
            _ when entries[0].GetConstructor(Type.EmptyTypes) is null =>
                throw new PluginLoadException($"entry type {entries[0].FullName} has no public parameterless constructor"),
            _ => entries[0],
        };
    }

    private static void Classify(PluginRecord record, IServiceCollection scratch)
    {
        foreach (var descriptor in scratch)
        {
            // A keyed descriptor throws on ImplementationInstance; the host resolves no keyed service of a plugin.
            switch (descriptor.IsKeyedService ? null : descriptor.ImplementationInstance)
            {
                case DeviceRegistration device:
                    record.Devices.Add(device);
                    break;
                case HeapRegistration heap:
                    record.Heaps.Add(heap);
                    break;
                default:
                    if (descriptor.ServiceType == typeof(PipelineStage) && !descriptor.IsKeyedService)
                    {
                        record.Stages.Add(new StageRegistration(descriptor));
                    }

                    record.Services.Add(descriptor.ServiceType.Name);
                    break;
            }
        }
    }

    private static MemoryMap AddHeaps(PluginRecord record, MemoryMap memory)
    {
        foreach (var heap in record.Heaps)
        {
            try
            {
                memory = memory.With(heap.Heap);
            }
            catch (InvalidConstraintException e)
            {
                throw new PluginLoadException($"heap '{heap.Heap.Name}' cannot be added: {e.Message}");
            }
        }

        return memory;
    }

    private static void CheckDevices(PluginRecord record, Dictionary<string, string> owners, MemoryMap memory)
    {
        var mine = new HashSet<string>(StringComparer.Ordinal);
        foreach (var device in record.Devices)
        {
            var name = device.Device.Name;
            if (owners.TryGetValue(name, out var owner))
            {
                throw new PluginLoadException($"device '{name}' is already registered by plugin {owner}");
            }

            if (!mine.Add(name))
            {
                throw new PluginLoadException($"device '{name}' is registered twice");
            }

            foreach (var heap in device.Device.Heaps ?? [])
            {
                if (memory.Find(heap) is null)
                {
                    throw new PluginLoadException($"device '{name}' names heap '{heap}', which neither the memory map nor any loaded plugin provides");
                }
            }
        }

        foreach (var name in mine)
        {
            owners[name] = record.Name;
        }
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message}";

    [LoggerMessage(EventId = LoggerEventIds.PluginLoaded, Level = LogLevel.Information, Message = "Loaded plugin {Plugin} {Version} with {Devices} devices from {Folder}")]
    private static partial void LogLoaded(ILogger logger, string plugin, string version, int devices, string folder);

    [LoggerMessage(EventId = LoggerEventIds.PluginFolderYieldedNothing, Level = LogLevel.Warning, Message = "Plugin folder {Folder}: {Problem}")]
    private static partial void LogFolderYieldedNothing(ILogger logger, string folder, string problem);

    [LoggerMessage(EventId = LoggerEventIds.PluginFailed, Level = LogLevel.Error, Message = "Plugin {Plugin} ({Folder}) failed to load: {Reason}")]
    private static partial void LogFailed(ILogger logger, string plugin, string folder, string reason);
}
