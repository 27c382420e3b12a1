using System.Collections.Concurrent;
using System.Diagnostics;
using PluggableDmaBuf.Core.Accounting;
using PluggableDmaBuf.Core.DependencyInjection;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Negotiation;
using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// The dma-buf core the host builds once: owns the heaps of a <see cref="MemoryMap"/>, the IO-virtual
/// address space of every IOMMU device, the storage policy and the accounting, and creates buffers
/// (<see cref="IDmaBufFactory"/>). Placement decisions are its <see cref="INegotiator"/>'s.
/// </summary>
/// <remarks>Thread safe.</remarks>
public sealed class DmaBufCore : IDmaBufFactory
{
    private readonly Dictionary<string, DmaHeap> _heaps = new(StringComparer.Ordinal);
    private readonly HeapDescription[] _systemHeaps;
    private readonly ConcurrentDictionary<string, IovaAllocator> _iova = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BuiltInExporter> _heapExporters = new(StringComparer.Ordinal);
    private readonly Func<HeapDescription, long> _largestFree;
    private readonly INegotiator _negotiator;
    private long _lastId;
    private Func<DeviceDescription, long, bool>? _canBounce;

    /// <summary>Creates the core over <paramref name="map"/>.</summary>
    /// <param name="map">The memory map (zones and heaps).</param>
    /// <param name="options">Settings, copied; <c>null</c> for the defaults.</param>
    /// <param name="negotiator">
    /// The negotiation rules every placement follows; <c>null</c> for the framework's engine. A
    /// composed application gets the one registered in its services from <c>AddDmaBufCore</c>, so the
    /// core and the plugins negotiate alike.
    /// </param>
    /// <exception cref="ArgumentException">An option is invalid (the message names it).</exception>
    public DmaBufCore(MemoryMap map, DmaBufCoreOptions? options = null, INegotiator? negotiator = null)
    {
        Map = map ?? throw new ArgumentNullException(nameof(map));
        Options = options?.Snapshot() ?? new DmaBufCoreOptions();
        var invalid = DmaBufCoreOptionsValidator.Failures(Options).ToArray();
        if (invalid.Length > 0)
        {
            throw new ArgumentException(string.Join("; ", invalid), nameof(options));
        }

        _negotiator = negotiator ?? NegotiationEngine.Instance;
        StorageKind = StorageFactory.Resolve(Options.Storage);
        foreach (var heap in map.Heaps)
        {
            _heaps.Add(heap.Name, new DmaHeap(heap));
            _heapExporters.Add(heap.Name, new BuiltInExporter(heap.Name));
        }

        _systemHeaps = map.Heaps.Where(h => !h.IsDeviceLocal).ToArray();
        _largestFree = LargestFreeBlock;
        Accounting = new DmaBufAccounting(_heaps.Values);
    }

    /// <summary>The memory map.</summary>
    public MemoryMap Map { get; }

    /// <summary>The settings the core was built with: its own copy, read on every operation, so treat it as read-only.</summary>
    public DmaBufCoreOptions Options { get; }

    /// <summary>Where bytes live, resolved for this operating system.</summary>
    public StorageKind StorageKind { get; }

    /// <summary>Counters, the live buffer listing and leak reports.</summary>
    public DmaBufAccounting Accounting { get; }

    /// <inheritdoc />
    public IReadOnlyList<HeapDescription> Heaps => Map.Heaps;

    /// <inheritdoc />
    public long LargestFreeBlock(HeapDescription heap) => HeapFor(heap).LargestFreeBlock;

    /// <summary>How many live buffers exporter <paramref name="exporter"/> (a device or exporter name) exported: the host refuses to unload a plugin while any is alive (invariant 2).</summary>
    /// <param name="exporter">The exporter's name (<see cref="IDmaBuf.Exporter"/>).</param>
    public int LiveBufferCount(string exporter) => Accounting.LiveBufferCount(exporter);

    /// <inheritdoc />
    public IDmaBuf Allocate(NegotiatedPlacement placement, string? name = null, DmaBufExporter? exporter = null)
    {
        ArgumentNullException.ThrowIfNull(placement);
        var heap = HeapFor(placement.Heap);
        if (placement.AddressLimit is { } limit && heap.Description.Last > limit)
        {
            throw new InvalidConstraintException("placement.heap",
                $"heap {heap.Name} reaches 0x{heap.Description.Last:x}, beyond the placement's address limit 0x{limit:x}");
        }

        exporter ??= _heapExporters[heap.Name];
        var operations = Validate(exporter);
        var id = Interlocked.Increment(ref _lastId);
        name ??= $"{heap.Name}-{id}";
        var physical = PhysicalPlacement.TryAllocate(heap, placement.Size, placement.Alignment)
            ?? throw new HeapExhaustedException(heap.Name, placement.Size, heap.FreeBytes, heap.LargestFreeBlock);
        BufferStorage storage;
        try
        {
            storage = CreateStorage(name, placement.Size);
        }
        catch
        {
            physical.Free();
            throw;
        }

        var buffer = new DmaBuf(this, id, name, exporter, operations, null, BufferLayout.Of(placement)) { ExportedAt = Where() };
        buffer.Backing.PlaceAt(placement, physical, storage);
        Accounting.Register(buffer);
        return buffer;
    }

    /// <inheritdoc />
    public IDmaBuf Export(BufferRequest request, DeviceDescription exporterDevice, string? name = null, DmaBufExporter? exporter = null,
        IReadOnlyList<DeviceDescription>? importers = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(exporterDevice);
        exporter ??= new BuiltInExporter(exporterDevice.Name);
        var operations = Validate(exporter);

        // The layout is the exporting device's and the known importers', as caps negotiation fixes it
        // before a Linux exporter allocates; heap room is not consulted because nothing is placed yet.
        DeviceDescription[] participants = importers is null or { Count: 0 }
            ? [exporterDevice]
            : [exporterDevice, .. importers.Where(d => !string.Equals(d.Name, exporterDevice.Name, StringComparison.Ordinal))];
        var result = _negotiator.Negotiate(request, participants, Map.Heaps);
        if (!result.Succeeded)
        {
            throw new BufferPlacementConflictException(new NegotiationConflict(result.Conflict.Constraint, result.Conflict.Devices,
                $"{exporterDevice.Name} cannot export {request}: {result.Conflict.Message}"));
        }

        var id = Interlocked.Increment(ref _lastId);
        var buffer = new DmaBuf(this, id, name ?? $"{exporterDevice.Name}-{id}", exporter, operations, exporterDevice,
            BufferLayout.Of(result.Placement)) { ExportedAt = Where() };
        Accounting.Register(buffer);
        return buffer;
    }

    internal DmaHeap HeapFor(HeapDescription heap)
    {
        ArgumentNullException.ThrowIfNull(heap);
        return _heaps.TryGetValue(heap.Name, out var found)
            ? found
            : throw new InvalidConstraintException("heap", $"unknown heap '{heap.Name}' (known: {string.Join(", ", _heaps.Keys)})");
    }

    /// <summary>The IO-virtual space of <paramref name="device"/> (created on first use; one per device name).</summary>
    internal IovaAllocator IovaFor(DeviceDescription device)
    {
        if (!_iova.TryGetValue(device.Name, out var iova))
        {
            iova = _iova.GetOrAdd(device.Name, static (name, d) => new IovaAllocator(name, d.AddressLimit), device);
        }

        if (iova.Limit != device.AddressLimit)
        {
            throw new InvalidConstraintException("addressBits",
                $"{device.Name} declares {device.AddressBits} address bits, but a device of that name already maps buffers up to 0x{iova.Limit:x}");
        }

        return iova;
    }

    /// <summary>Whether a bounce buffer of the size fits for a device (for <see cref="Negotiation.Reachability"/>); one delegate per core, so asking allocates nothing.</summary>
    internal Func<DeviceDescription, long, bool> CanBounce => _canBounce ??= (device, size) => Options.BounceBuffers && NegotiateBounce(device, size).Succeeded;

    internal BufferStorage CreateStorage(string name, long size) => StorageFactory.Create(StorageKind, name, size, Options.PrefaultStorage);

    internal NegotiationResult Negotiate(BufferRequest request, IReadOnlyList<DeviceDescription> participants) =>
        _negotiator.Negotiate(request, participants, Map.Heaps, _largestFree);

    /// <summary>Where a bounce buffer for <paramref name="device"/> would go: the engine's choice among the system heaps for that device alone.</summary>
    internal NegotiationResult NegotiateBounce(DeviceDescription device, long size)
    {
        // Only the system heaps are offered, so a device that also lists device-local heaps is asked about the system ones it lists.
        if (device.Heaps is { } listed && listed.Any(name => !_systemHeaps.Any(h => string.Equals(h.Name, name, StringComparison.Ordinal))))
        {
            var system = listed.Where(name => _systemHeaps.Any(h => string.Equals(h.Name, name, StringComparison.Ordinal))).ToArray();
            if (system.Length == 0)
            {
                return NegotiationResult.Failure(new NegotiationConflict(ConstraintKind.Heap, [device.Name],
                    $"{device.Name} reaches no system heap for a bounce buffer"));
            }

            device = new DeviceDescription(device.Name, device.HasIommu, device.AddressBits, device.MaxSegments, device.MaxSegmentSize,
                device.Alignment, device.PitchAlignment, system, device.Formats, device.Usages);
        }

        return _negotiator.Negotiate(BufferRequest.ForSize(size, device.Name), [device], _systemHeaps, _largestFree);
    }

    private static DmaBufOperations Validate(DmaBufExporter exporter)
    {
        var operations = exporter.Operations;
        var missing = DmaBufOperations.Required & ~operations;
        if (missing != DmaBufOperations.None)
        {
            throw new ExporterContractException(exporter.Name, missing);
        }

        return operations;
    }

    private string? Where() => Options.TrackLeaks ? new StackTrace(2, fNeedFileInfo: true).ToString() : null;
}
