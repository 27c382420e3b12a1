using PluggableDmaBuf.Core.Reservations;
using System.Globalization;
using PluggableDmaBuf.Core.Accounting;
using PluggableDmaBuf.Core.Diagnostics;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// The buffer object (Linux's <c>struct dma_buf</c>): enforces the lifecycle invariants of design §2,
/// owns the placement and the storage, and calls the exporter at each transition.
/// </summary>
/// <remarks>
/// One monitor per buffer serialises every state change and every exporter callback; maps waiting
/// for a migration wait on it. Attachments and their mapping objects are pooled per buffer (unless
/// strict), so a recycled buffer's attach–map–unmap–detach cycle allocates nothing.
/// </remarks>
internal sealed class DmaBuf : IDmaBuf
{
    private readonly object _sync = new();
    private readonly DmaBufExporter _exporter;
    private readonly DmaBufOperations _ops;
    private readonly DeviceDescription? _exporterDevice;
    private readonly BufferLayout _layout;
    private readonly List<Attachment> _attachments = new(4);
    private readonly Stack<Attachment> _spare = new(4);
    private NegotiatedPlacement? _placement;
    private PhysicalPlacement? _physical;
    private BufferStorage? _storage;
    private readonly DmaReservation _reservation = new();
    private int _references = 1;
    private bool _released;
    private int _activeMappings;
    private int _cpuUsers;
    private int _vmaps;
    private bool _migrationPending;
    private long _bytesCopied;
    private int _migrations;

    internal DmaBuf(DmaBufCore core, long id, string name, DmaBufExporter exporter, DmaBufOperations operations,
        DeviceDescription? exporterDevice, BufferLayout layout)
    {
        Core = core;
        Id = id;
        Name = name;
        _exporter = exporter;
        _ops = operations;
        _exporterDevice = exporterDevice;
        _layout = layout;
    }

    public long Id { get; }

    public string Name { get; }

    public long Size => _layout.Size;

    public string Exporter => _exporter.Name;

    public NegotiatedPlacement? Placement => Volatile.Read(ref _placement);

    public PixelFormat? Format => _layout.Format;

    public string? Modifier => _layout.Modifier;

    public int Width => _layout.Width;

    public int Height => _layout.Height;

    public IReadOnlyList<PlaneLayout> Planes => _layout.Planes;

    public int ReferenceCount => Volatile.Read(ref _references);

    public bool IsReleased => Volatile.Read(ref _released);

    public IDmaReservation Reservation => _reservation;

    internal DmaBufCore Core { get; }

    internal DeviceDescription? ExporterDevice => _exporterDevice;

    internal PhysicalPlacement? Physical => _physical;

    internal BufferStorage? Storage => _storage;

    /// <summary>Where the buffer was exported, when leak tracking is on.</summary>
    internal string? ExportedAt { get; init; }

    internal long BytesCopied => Interlocked.Read(ref _bytesCopied);

    internal int Migrations => Volatile.Read(ref _migrations);

    internal string Describe() => $"buffer #{Id} '{Name}'";

    /// <summary>Places a heap allocation at creation (central allocator path).</summary>
    internal void PlaceAt(NegotiatedPlacement placement, PhysicalPlacement physical, BufferStorage storage)
    {
        _placement = placement;
        _physical = physical;
        _storage = storage;
    }

    public void Get()
    {
        lock (_sync)
        {
            if (_released)
            {
                ThrowHelper.Released(this, "get a reference");
            }

            _references++;
        }
    }

    public void Put()
    {
        lock (_sync)
        {
            PutLocked("drop a reference");
        }
    }

    public IDmaBufAttachment Attach(DeviceDescription device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var iova = device.HasIommu ? Core.IovaFor(device) : null;
        lock (_sync)
        {
            if (_released)
            {
                ThrowHelper.Released(this, "attach", device.Name);
            }

            CheckLayout(device);
            var migrate = _placement is null ? CheckBeforePlacement(device) : CheckAfterPlacement(device);
            var attachment = _spare.Count > 0 ? _spare.Pop() : new Attachment(this);
            attachment.Reset(device, iova);
            _attachments.Add(attachment);
            _references++;
            var exporterKnows = false;
            try
            {
                if ((_ops & DmaBufOperations.Attach) != 0)
                {
                    _exporter.Attach(attachment);
                }

                exporterKnows = true;
                if (migrate)
                {
                    if (_activeMappings == 0 && _cpuUsers == 0)
                    {
                        Migrate();
                    }
                    else
                    {
                        _migrationPending = true;
                    }
                }
            }
            catch
            {
                attachment.Attached = false;
                _attachments.Remove(attachment);
                _references--;
                try
                {
                    if (exporterKnows && (_ops & DmaBufOperations.Detach) != 0)
                    {
                        _exporter.Detach(attachment);
                    }
                }
                finally
                {
                    Recycle(attachment);
                }

                throw;
            }

            return attachment;
        }
    }

    public IDmaBufCpuAccess BeginCpuAccess(CpuAccessMode mode)
    {
        if (mode is not (CpuAccessMode.Read or CpuAccessMode.Write or CpuAccessMode.ReadWrite))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "must be Read, Write or ReadWrite");
        }

        BufferStorage storage;
        lock (_sync)
        {
            if (_released)
            {
                ThrowHelper.Released(this, "begin CPU access");
            }

            storage = EnsureStorage();
            _references++;
            _cpuUsers++;
        }

        try
        {
            // Implicit sync (invariant 10), without the lock: signalling a fence must not need this buffer.
            // Reading waits for the writers; writing waits for readers and writers too.
            if ((mode & CpuAccessMode.Write) != 0)
            {
                _reservation.WaitForCpuWrite(Core.Options.FenceTimeout);
            }
            else
            {
                _reservation.WaitForCpuRead(Core.Options.FenceTimeout);
            }
            lock (_sync)
            {
                if ((_ops & DmaBufOperations.BeginCpuAccess) != 0)
                {
                    _exporter.BeginCpuAccess(this, mode);
                }
            }
        }
        catch
        {
            lock (_sync)
            {
                EndCpuUserLocked("abandon CPU access");
            }

            throw;
        }

        return new CpuAccess(this, storage, mode, Core.Options.Strict);
    }

    public IDmaBufView Vmap()
    {
        lock (_sync)
        {
            if (_released)
            {
                ThrowHelper.Released(this, "vmap");
            }

            var storage = EnsureStorage();
            if (_vmaps == 0 && (_ops & DmaBufOperations.Vmap) != 0)
            {
                _exporter.Vmap(this);
            }

            _vmaps++;
            _references++;
            _cpuUsers++;
            unsafe
            {
                return new CpuView(this, storage.Pointer, isVmap: true, Core.Options.Strict);
            }
        }
    }

    public IDmaBufView Mmap()
    {
        lock (_sync)
        {
            if (_released)
            {
                ThrowHelper.Released(this, "mmap");
            }

            var storage = EnsureStorage();
            if ((_ops & DmaBufOperations.Mmap) != 0)
            {
                _exporter.Mmap(this);
            }

            unsafe
            {
                var alias = storage.MapAlias();
                _references++;
                _cpuUsers++;
                return new CpuView(this, alias, isVmap: false, Core.Options.Strict);
            }
        }
    }

    public override string ToString() => Describe();

    internal IDmaBufMapping MapAttachment(Attachment attachment, DmaDirection direction)
    {
        if (direction is not (DmaDirection.ToDevice or DmaDirection.FromDevice or DmaDirection.Bidirectional))
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "must be ToDevice, FromDevice or Bidirectional");
        }

        lock (_sync)
        {
            if (!attachment.Attached)
            {
                ThrowHelper.Detached(attachment, "map");
            }

            if (attachment.MapCount > 0)
            {
                if (attachment.Direction != direction && attachment.Direction != DmaDirection.Bidirectional)
                {
                    ThrowHelper.Direction(attachment, direction);
                }

                attachment.MapCount++;
                return attachment.Mapping;
            }

            if (_migrationPending)
            {
                AwaitMigration(attachment);
            }

            if (_placement is null)
            {
                Place();
            }

            EnsureStorage();
            var mapping = attachment.Mapping;
            mapping.Build(direction);
            attachment.Direction = direction;
            try
            {
                _exporter.Map(mapping);
            }
            catch
            {
                mapping.Teardown(DmaDirection.ToDevice);
                throw;
            }

            attachment.MapCount = 1;
            _activeMappings++;
            return mapping;
        }
    }

    internal void UnmapAttachment(Attachment attachment)
    {
        lock (_sync)
        {
            if (!attachment.Attached || attachment.MapCount == 0)
            {
                ThrowHelper.NotMapped(attachment);
            }

            if (--attachment.MapCount > 0)
            {
                return;
            }

            try
            {
                _exporter.Unmap(attachment.Mapping);
            }
            finally
            {
                attachment.Mapping.Teardown(attachment.Direction);
                _activeMappings--;
                if (_migrationPending)
                {
                    Monitor.PulseAll(_sync);
                }
            }
        }
    }

    internal void DetachAttachment(Attachment attachment)
    {
        lock (_sync)
        {
            if (!attachment.Attached)
            {
                ThrowHelper.Detached(attachment, "detach");
            }

            if (attachment.MapCount > 0)
            {
                ThrowHelper.StillMapped(attachment);
            }

            attachment.Attached = false;
            _attachments.Remove(attachment);
            try
            {
                if ((_ops & DmaBufOperations.Detach) != 0)
                {
                    _exporter.Detach(attachment);
                }
            }
            finally
            {
                Recycle(attachment);
                if (_migrationPending)
                {
                    Monitor.PulseAll(_sync);
                }

                PutLocked("detach");
            }
        }
    }

    internal void EndCpuAccess(CpuAccess access)
    {
        lock (_sync)
        {
            try
            {
                if ((_ops & DmaBufOperations.EndCpuAccess) != 0)
                {
                    _exporter.EndCpuAccess(this, access.Mode);
                }
            }
            finally
            {
                EndCpuUserLocked("end CPU access");
            }
        }
    }

    internal unsafe void ReleaseView(CpuView view)
    {
        lock (_sync)
        {
            try
            {
                if (view.IsVmap)
                {
                    if (--_vmaps == 0 && (_ops & DmaBufOperations.Vunmap) != 0)
                    {
                        _exporter.Vunmap(this);
                    }
                }
                else
                {
                    _storage!.UnmapAlias(view.Pointer);
                }
            }
            finally
            {
                EndCpuUserLocked(view.IsVmap ? "vunmap" : "munmap");
            }
        }
    }

    internal void CountBounce(long bytes)
    {
        Interlocked.Add(ref _bytesCopied, bytes);
        Core.Accounting.CountBounce(bytes);
    }

    /// <summary>A consistent picture of the buffer for listings (bufinfo).</summary>
    internal BufferInfo Info()
    {
        lock (_sync)
        {
            var devices = new string[_attachments.Count];
            for (var i = 0; i < devices.Length; i++)
            {
                devices[i] = _attachments[i].Device.Name;
            }

            return new BufferInfo(Id, Name, Size, Exporter, _physical?.Heap.Name, _layout.Format?.FourCC, _layout.Modifier,
                _layout.Width, _layout.Height, _layout.Planes, _physical?.Runs.Length ?? 0, _physical?.Lowest, devices,
                _activeMappings, _references, BytesCopied, _migrations);
        }
    }

    private void EndCpuUserLocked(string operation)
    {
        _cpuUsers--;
        if (_migrationPending)
        {
            Monitor.PulseAll(_sync);
        }

        PutLocked(operation);
    }

    private void PutLocked(string operation)
    {
        if (_released)
        {
            ThrowHelper.Released(this, operation);
        }

        if (--_references > 0)
        {
            return;
        }

        Volatile.Write(ref _released, true);
        try
        {
            _exporter.Release(this);
        }
        finally
        {
            _storage?.Release();
            _physical?.Free();
            _spare.Clear();
            Core.Accounting.Unregister(this);
        }
    }

    private void Recycle(Attachment attachment)
    {
        if (!Core.Options.Strict)
        {
            _spare.Push(attachment);
        }
    }

    private BufferStorage EnsureStorage() => _storage ??= Core.CreateStorage(Name, Size);

    /// <summary>Refuses a device that cannot use the fixed layout: format, modifier, pitch or plane alignment.</summary>
    private void CheckLayout(DeviceDescription device)
    {
        if (_layout.Format is not { } format)
        {
            return;
        }

        if (!device.Accepts(format, _layout.Modifier!))
        {
            var kind = device.ModifiersFor(format).Count == 0 ? ConstraintKind.Format : ConstraintKind.Modifier;
            throw Conflict(kind, device, kind == ConstraintKind.Format
                ? $"it does not take {format}"
                : $"it does not take modifier {_layout.Modifier} for {format} (it takes {string.Join(", ", device.ModifiersFor(format))})", null);
        }

        var planes = _layout.Planes;
        for (var i = 0; i < planes.Count; i++)
        {
            if (planes[i].Pitch % device.PitchAlignment != 0)
            {
                throw Conflict(ConstraintKind.Layout, device,
                    string.Create(CultureInfo.InvariantCulture, $"its pitch alignment {device.PitchAlignment} does not divide plane {i}'s pitch {planes[i].Pitch}"), null);
            }

            if (planes[i].Offset % device.Alignment != 0)
            {
                throw Conflict(ConstraintKind.Layout, device,
                    string.Create(CultureInfo.InvariantCulture, $"its alignment {device.Alignment} does not divide plane {i}'s offset {planes[i].Offset}"), null);
            }
        }
    }

    /// <summary>Before placement: the attachments present, this device and the exporter must still share a placement.</summary>
    private bool CheckBeforePlacement(DeviceDescription device)
    {
        var result = Negotiate(device);
        if (!result.Succeeded)
        {
            throw Conflict(result.Conflict.Constraint, device, "the exporter and the devices attached could not share a placement",
                result.Conflict);
        }

        return false;
    }

    /// <summary>After placement: returns whether the buffer must migrate for the device, or throws the refusal.</summary>
    private bool CheckAfterPlacement(DeviceDescription device)
    {
        if (Evaluate(device, out var kind, out var need) != Reach.Unreachable)
        {
            return false;
        }

        if (Core.Options.LateAttach == LateAttachPolicy.Refuse)
        {
            throw Conflict(kind, device, need + "; the late-attach policy refuses to migrate", null);
        }

        var result = Negotiate(device);
        if (!result.Succeeded)
        {
            throw Conflict(kind, device, need + "; it cannot migrate", result.Conflict);
        }

        return true;
    }

    private enum Reach
    {
        Direct,
        Bounce,
        Unreachable,
    }

    /// <summary>Whether <paramref name="device"/> reaches the current placement directly, through a bounce buffer, or not at all.</summary>
    private Reach Evaluate(DeviceDescription device, out ConstraintKind kind, out string need)
    {
        var physical = _physical!;
        var heap = physical.Heap.Description;
        kind = ConstraintKind.Heap;
        need = "";
        if (!device.CanReach(heap))
        {
            need = $"it does not reach heap {heap.Name}";
            return Reach.Unreachable;
        }

        if (device.HasIommu)
        {
            if ((ulong)Size > device.AddressLimit - DeviceDescription.PageSize + 1)
            {
                kind = ConstraintKind.Address;
                need = $"its {device.AddressBits}-bit IO-virtual space cannot hold {ByteSize.Format(Size)}";
                return Reach.Unreachable;
            }

            return Reach.Direct;
        }

        if (device.MaxSegments is { } max)
        {
            var segments = DeviceReach.Segments(device, physical);
            if (segments > max)
            {
                kind = ConstraintKind.Segments;
                var unit = heap.Kind == HeapKind.Scattered ? "scattered pages" : "segments";
                need = string.Create(CultureInfo.InvariantCulture,
                    $"it needs at most {max} segment{(max == 1 ? "" : "s")} without IOMMU and {heap.Name} gives {segments} {unit}");
                return Reach.Unreachable;
            }
        }

        if (physical.Start % (ulong)device.Alignment != 0)
        {
            kind = ConstraintKind.Address;
            need = string.Create(CultureInfo.InvariantCulture, $"it needs the buffer to start at a multiple of {device.Alignment}");
            return Reach.Unreachable;
        }

        if (physical.Highest > device.AddressLimit)
        {
            if (Core.Options.BounceBuffers && Core.NegotiateBounce(device, Size).Succeeded)
            {
                return Reach.Bounce;
            }

            kind = ConstraintKind.Address;
            need = $"it needs addresses below {ByteSize.Limit(device.AddressLimit)} without IOMMU and " +
                (Core.Options.BounceBuffers ? "no bounce buffer fits" : "bounce buffering is off");
            return Reach.Unreachable;
        }

        return Reach.Direct;
    }

    /// <summary>Negotiates a placement for the exporting device and every attachment, plus <paramref name="extra"/>.</summary>
    private NegotiationResult Negotiate(DeviceDescription? extra)
    {
        var participants = new List<DeviceDescription>(_attachments.Count + 2);
        void Add(DeviceDescription device)
        {
            foreach (var present in participants)
            {
                if (string.Equals(present.Name, device.Name, StringComparison.Ordinal))
                {
                    return;
                }
            }

            participants.Add(device);
        }

        if (_exporterDevice is not null)
        {
            Add(_exporterDevice);
        }

        foreach (var attachment in _attachments)
        {
            Add(attachment.Device);
        }

        if (extra is not null)
        {
            Add(extra);
        }

        if (participants.Count == 0)
        {
            // Placement and migration only happen for a deferred export (which has an exporting
            // device) or for an attach (which brings one); reaching here is a bug in this class.
            throw new InvalidOperationException($"{Describe()}: nothing to negotiate a placement for");
        }

        return Core.Negotiate(BufferRequest.ForSize(Size, _exporterDevice?.Name), participants);
    }

    /// <summary>Deferred allocation: the first map places the buffer for the exporter and the attachments present (invariant 4).</summary>
    private void Place()
    {
        var result = Negotiate(null);
        if (!result.Succeeded)
        {
            throw new BufferPlacementConflictException(new NegotiationConflict(result.Conflict.Constraint, result.Conflict.Devices,
                $"{Describe()} cannot be placed at its first map: {result.Conflict.Message}"));
        }

        _physical = Allocate(result.Placement);
        Volatile.Write(ref _placement, Compose(result.Placement));
    }

    /// <summary>Waits, under the lock, until no mapping or CPU user is left, then migrates.</summary>
    private void AwaitMigration(Attachment attachment)
    {
        var timeout = Core.Options.MigrationWaitTimeout;
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (_migrationPending)
        {
            if (_activeMappings == 0 && _cpuUsers == 0)
            {
                if (NeedsMigration())
                {
                    Migrate();
                }

                _migrationPending = false;
                return;
            }

            var remaining = deadline - Environment.TickCount64;
            if (remaining <= 0)
            {
                ThrowHelper.State(string.Create(CultureInfo.InvariantCulture,
                    $"{Describe()}: {attachment.Device.Name} waited {timeout.TotalSeconds:0.###} s for {_activeMappings} active mapping(s) and {_cpuUsers} CPU user(s) to end so that the buffer can migrate; unmap them first"));
            }

            Monitor.Wait(_sync, TimeSpan.FromMilliseconds(remaining));
            if (!attachment.Attached)
            {
                ThrowHelper.Detached(attachment, "map");
            }
        }
    }

    private bool NeedsMigration()
    {
        foreach (var attachment in _attachments)
        {
            if (Evaluate(attachment.Device, out _, out _) == Reach.Unreachable)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Moves the buffer to a placement every attachment reaches, copying its bytes (invariant 5).</summary>
    private void Migrate()
    {
        var result = Negotiate(null);
        if (!result.Succeeded)
        {
            throw new BufferPlacementConflictException(new NegotiationConflict(result.Conflict.Constraint, result.Conflict.Devices,
                $"{Describe()} cannot migrate for the devices attached: {result.Conflict.Message}"));
        }

        var physical = Allocate(result.Placement);
        BufferStorage? storage = null;
        if (_storage is not null)
        {
            try
            {
                storage = Core.CreateStorage(Name, Size);
                _storage.CopyTo(storage, Size);
            }
            catch
            {
                storage?.Release();
                physical.Free();
                throw;
            }
        }

        var oldPhysical = _physical;
        var oldStorage = _storage;
        _physical = physical;
        _storage = storage;
        Volatile.Write(ref _placement, Compose(result.Placement));
        oldPhysical?.Free();
        oldStorage?.Release();
        _migrationPending = false;
        Interlocked.Increment(ref _migrations);
        var copied = oldStorage is null ? 0 : Size;
        Interlocked.Add(ref _bytesCopied, copied);
        Core.Accounting.CountMigration(copied);
    }

    private PhysicalPlacement Allocate(NegotiatedPlacement negotiated)
    {
        var heap = Core.HeapFor(negotiated.Heap);
        return PhysicalPlacement.TryAllocate(heap, Size, negotiated.Alignment)
            ?? throw new HeapExhaustedException(heap.Name, Size, heap.FreeBytes, heap.LargestFreeBlock);
    }

    /// <summary>The placement as listed: the negotiated heap and limits, the layout fixed at export.</summary>
    private NegotiatedPlacement Compose(NegotiatedPlacement negotiated) => new(negotiated.Heap, Size, _layout.Alignment,
        negotiated.MaxSegments, negotiated.MaxSegmentSize, negotiated.AddressLimit, _layout.Format, _layout.Modifier, _layout.Width,
        _layout.Height, _layout.Planes);

    private BufferPlacementConflictException Conflict(ConstraintKind kind, DeviceDescription device, string need, NegotiationConflict? cause)
    {
        var where = _physical is { } physical
            ? string.Create(CultureInfo.InvariantCulture,
                $"placed in {physical.Heap.Name} ({ByteSize.Format(Size)} in {physical.Runs.Length} run{(physical.Runs.Length == 1 ? "" : "s")} from 0x{physical.Lowest:x} to 0x{physical.Highest + 1:x})")
            : $"not yet placed, {_layout}";
        var devices = new List<string> { device.Name };
        if (cause is not null)
        {
            devices.AddRange(cause.Devices.Where(d => !devices.Contains(d, StringComparer.Ordinal)));
        }

        var message = $"{device.Name} cannot attach to {Describe()} ({where}): {need}" + (cause is null ? "" : ": " + cause.Message);
        return new BufferPlacementConflictException(new NegotiationConflict(kind, devices, message));
    }
}
