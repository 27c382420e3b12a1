using System.Globalization;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Negotiation;
using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// The exporter-side work of one buffer, as an exporter's own code is beside Linux's
/// <c>dma-buf.c</c>: the placement (deferred to the first map, or given at allocation), the storage,
/// whether a device reaches them (<see cref="Reachability"/>), migration and bounce copies, and the
/// conflict messages that name the placement.
/// </summary>
/// <remarks>
/// The buffer decides when (<see cref="BufferLifecycle"/>): every member that reads or changes the placement
/// runs under the buffer's lock, except <see cref="Copy"/>, <see cref="BounceIn"/> and
/// <see cref="BounceOut"/>, which the buffer calls outside it while its protocol keeps the storage
/// from changing (a move in progress, or the mapping counted active). <see cref="Placement"/> and
/// <see cref="Storage"/> are published with volatile writes for readers without the lock.
/// </remarks>
internal sealed class DmaBufBacking
{
    private readonly DmaBufCore _core;
    private readonly string _buffer;
    private readonly string _name;
    private readonly BufferLayout _layout;
    private readonly DeviceDescription? _exporterDevice;
    private NegotiatedPlacement? _placement;
    private PhysicalPlacement? _physical;
    private BufferStorage? _storage;
    private long _bytesCopied;
    private int _migrations;
    private bool _migrationPending;
    private bool _moving;

    public DmaBufBacking(DmaBufCore core, string buffer, string name, BufferLayout layout, DeviceDescription? exporterDevice)
    {
        _core = core;
        _buffer = buffer;
        _name = name;
        _layout = layout;
        _exporterDevice = exporterDevice;
    }

    public NegotiatedPlacement? Placement => Volatile.Read(ref _placement);

    public BufferStorage? Storage => Volatile.Read(ref _storage);

    public bool IsPlaced => _physical is not null;

    /// <summary>The current placement, or <c>null</c> before the first map of a deferred export (under the buffer's lock).</summary>
    public PhysicalPlacement? Physical => _physical;

    public long BytesCopied => Interlocked.Read(ref _bytesCopied);

    public int Migrations => Volatile.Read(ref _migrations);

    /// <summary>A late attach needs the buffer elsewhere: it moves once nothing maps or views it, and maps wait meanwhile.</summary>
    public bool MigrationPending => _migrationPending;

    /// <summary>A migration is between <see cref="StartMove"/> and <see cref="Publish"/> or <see cref="Abandon"/>: maps, CPU accesses and views wait.</summary>
    public bool Moving => _moving;

    /// <summary>Observes the start of every migration copy, on the copying thread with no lock held (a diagnostics seam: the tests hold a copy open with it).</summary>
    internal Action? CopyStarting { get; set; }

    public string? HeapName => _physical?.Heap.Name;

    public int Runs => _physical?.Runs.Length ?? 0;

    public ulong? Lowest => _physical?.Lowest;

    private long Size => _layout.Size;

    /// <summary>Places a heap allocation at creation (central allocator path).</summary>
    public void PlaceAt(NegotiatedPlacement placement, PhysicalPlacement physical, BufferStorage storage)
    {
        _physical = physical;
        _storage = storage;
        Volatile.Write(ref _placement, placement);
    }

    public BufferStorage EnsureStorage()
    {
        if (_storage is { } storage)
        {
            return storage;
        }

        storage = _core.CreateStorage(_name, Size);
        Volatile.Write(ref _storage, storage);
        return storage;
    }

    /// <summary>How <paramref name="device"/> reaches the current placement.</summary>
    public Reach Reach(DeviceDescription device) => Reachability.Evaluate(device, PlacementShape.Of(_physical!), _core.CanBounce);

    /// <summary>
    /// Whether <paramref name="device"/> may attach; returns whether the buffer must migrate for it, or
    /// throws the refusal (invariant 5). <paramref name="direct"/>: the placement the device reaches
    /// directly, when it does, for the slot to remember.
    /// </summary>
    public bool CheckAttach(DeviceDescription device, IReadOnlyList<AttachmentSlot> attachments, out PhysicalPlacement? direct)
    {
        direct = null;
        CheckLayout(device);
        if (_physical is null)
        {
            // Before placement the attachments present, this device and the exporter must still share one.
            var result = Negotiate(attachments, device);
            return result.Succeeded ? false : throw Refusal(result.Conflict.Constraint, device,
                "the exporter and the devices attached could not share a placement", result.Conflict);
        }

        var reach = Reach(device);
        if (reach.Kind != ReachKind.Unreachable)
        {
            direct = reach.Kind == ReachKind.Direct ? _physical : null;
            return false;
        }

        var need = ConflictFormatter.Need(device, reach, PlacementShape.Of(_physical), _core.Options.BounceBuffers);
        if (_core.Options.LateAttach == LateAttachPolicy.Refuse)
        {
            throw Refusal(reach.Constraint, device, need + "; the late-attach policy refuses to migrate", null);
        }

        var migration = Negotiate(attachments, device);
        return migration.Succeeded ? true : throw Refusal(reach.Constraint, device, need + "; it cannot migrate", migration.Conflict);
    }

    /// <summary>Deferred allocation: the first map places the buffer for the exporter and the attachments present (invariant 4).</summary>
    public void Place(IReadOnlyList<AttachmentSlot> attachments)
    {
        var result = Negotiate(attachments, null);
        if (!result.Succeeded)
        {
            throw ConflictFormatter.PlacementFailed(_buffer, "be placed at its first map", result.Conflict);
        }

        _physical = Allocate(result.Placement);
        Volatile.Write(ref _placement, Compose(result.Placement));
    }

    public void MarkMigration() => _migrationPending = true;

    /// <summary>
    /// The first step of a migration, under the lock once nothing maps or views the buffer: returns
    /// the move, allocated where the engine places the buffer for every attachment, or <c>null</c>
    /// when no attachment needs one any more (its device detached).
    /// </summary>
    public BackingMove? StartMove(IReadOnlyList<AttachmentSlot> attachments)
    {
        if (!NeedsMigration(attachments))
        {
            _migrationPending = false;
            return null;
        }

        var result = Negotiate(attachments, null);
        if (!result.Succeeded)
        {
            throw ConflictFormatter.PlacementFailed(_buffer, "migrate for the devices attached", result.Conflict);
        }

        var move = new BackingMove(Compose(result.Placement), Allocate(result.Placement));
        (_migrationPending, _moving) = (false, true);
        return move;
    }

    private bool NeedsMigration(IReadOnlyList<AttachmentSlot> attachments)
    {
        foreach (var attachment in attachments)
        {
            if (Reach(attachment.Device).Kind == ReachKind.Unreachable)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The second step, outside the lock: new storage, filled with the bytes (none to copy while there is no storage yet).</summary>
    public void Copy(BackingMove move)
    {
        CopyStarting?.Invoke();
        if (_storage is not { } from)
        {
            return;
        }

        var to = _core.CreateStorage(_name, Size);
        try
        {
            from.CopyTo(to, Size);
        }
        catch
        {
            to.Release();
            throw;
        }

        move.Storage = to;
    }

    /// <summary>The last step, under the lock: the new placement and storage replace the old ones, which are freed.</summary>
    public void Publish(BackingMove move)
    {
        var (oldPhysical, oldStorage) = (_physical, _storage);
        _physical = move.Physical;
        if (move.Storage is not null)
        {
            Volatile.Write(ref _storage, move.Storage);
        }

        Volatile.Write(ref _placement, move.Placement);
        _moving = false;
        oldPhysical?.Free();
        var copied = 0L;
        if (move.Storage is not null)
        {
            oldStorage?.Release();
            copied = Size;
        }

        Interlocked.Increment(ref _migrations);
        Interlocked.Add(ref _bytesCopied, copied);
        _core.Accounting.CountMigration(copied);
    }

    /// <summary>Gives back what a move whose copy failed had taken; the migration stays pending.</summary>
    public void Abandon(BackingMove move)
    {
        move.Storage?.Release();
        move.Physical.Free();
        (_migrationPending, _moving) = (true, false);
    }

    /// <summary>The segments <paramref name="device"/> (without IOMMU) sees of the placement itself.</summary>
    public void AddSegments(SgTable table, DeviceDescription device) => table.AddRuns(_physical!, device.MaxSegmentSize);

    public BounceBuffer CreateBounce(DeviceDescription device) => BounceBuffer.Create(_core, _buffer, _name, Size, device);

    /// <summary>Copies the bytes into a bounce buffer for a device about to read them; outside the lock.</summary>
    public void BounceIn(BounceBuffer bounce)
    {
        _storage!.CopyTo(bounce.Storage, Size);
        CountBounce();
    }

    /// <summary>Copies what a device wrote in a bounce buffer back; outside the lock.</summary>
    public void BounceOut(BounceBuffer bounce)
    {
        bounce.Storage.CopyTo(_storage!, Size);
        CountBounce();
    }

    /// <summary>A map refused for a reason the attach did not see (an exhausted IO-virtual space, a table beyond the segment limit).</summary>
    public BufferPlacementConflictException MapRefused(ConstraintKind kind, DeviceDescription device, string why) =>
        ConflictFormatter.MapRefused(kind, device, _buffer, why);

    /// <summary>A map whose device cannot reach the placement at all.</summary>
    public BufferPlacementConflictException MapRefused(DeviceDescription device, Reach reach) =>
        ConflictFormatter.MapRefused(reach.Constraint, device, _buffer,
            ConflictFormatter.Need(device, reach, PlacementShape.Of(_physical!), _core.Options.BounceBuffers));

    /// <summary>Frees the storage and the placement, after release.</summary>
    public void Free()
    {
        _storage?.Release();
        _physical?.Free();
    }

    private void CountBounce()
    {
        Interlocked.Add(ref _bytesCopied, Size);
        _core.Accounting.CountBounce(Size);
    }

    /// <summary>Refuses a device that cannot use the fixed layout: format, modifier, pitch or plane alignment. No migration can fix a layout.</summary>
    private void CheckLayout(DeviceDescription device)
    {
        if (_layout.Format is not { } format)
        {
            return;
        }

        if (!device.Accepts(format, _layout.Modifier!))
        {
            var kind = device.ModifiersFor(format).Count == 0 ? ConstraintKind.Format : ConstraintKind.Modifier;
            throw Refusal(kind, device, kind == ConstraintKind.Format
                ? $"it does not take {format}"
                : $"it does not take modifier {_layout.Modifier} for {format} (it takes {string.Join(", ", device.ModifiersFor(format))})", null);
        }

        var planes = _layout.Planes;
        for (var i = 0; i < planes.Count; i++)
        {
            if (planes[i].Pitch % device.PitchAlignment != 0)
            {
                throw Refusal(ConstraintKind.Layout, device,
                    string.Create(CultureInfo.InvariantCulture, $"its pitch alignment {device.PitchAlignment} does not divide plane {i}'s pitch {planes[i].Pitch}"), null);
            }

            if (planes[i].Offset % device.Alignment != 0)
            {
                throw Refusal(ConstraintKind.Layout, device,
                    string.Create(CultureInfo.InvariantCulture, $"its alignment {device.Alignment} does not divide plane {i}'s offset {planes[i].Offset}"), null);
            }
        }
    }

    /// <summary>Negotiates a placement for the exporting device and every attachment, plus <paramref name="extra"/>.</summary>
    private NegotiationResult Negotiate(IReadOnlyList<AttachmentSlot> attachments, DeviceDescription? extra)
    {
        var participants = new List<DeviceDescription>(attachments.Count + 2);
        void Add(DeviceDescription device)
        {
            if (!participants.Exists(present => string.Equals(present.Name, device.Name, StringComparison.Ordinal)))
            {
                participants.Add(device);
            }
        }

        if (_exporterDevice is not null)
        {
            Add(_exporterDevice);
        }

        foreach (var attachment in attachments)
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
            // device) or for an attach (which brings one); reaching here is a bug in the core.
            throw new InvalidOperationException($"{_buffer}: nothing to negotiate a placement for");
        }

        return _core.Negotiate(BufferRequest.ForSize(Size, _exporterDevice?.Name), participants);
    }

    private PhysicalPlacement Allocate(NegotiatedPlacement negotiated)
    {
        var heap = _core.HeapFor(negotiated.Heap);
        return PhysicalPlacement.TryAllocate(heap, Size, negotiated.Alignment)
            ?? throw new HeapExhaustedException(heap.Name, Size, heap.FreeBytes, heap.LargestFreeBlock);
    }

    /// <summary>
    /// The placement as listed: the negotiated heap and merged limits — the alignment among them, which
    /// the start honours — with the size and image layout fixed at export.
    /// </summary>
    private NegotiatedPlacement Compose(NegotiatedPlacement negotiated) => new(negotiated.Heap, Size, negotiated.Alignment,
        negotiated.MaxSegments, negotiated.MaxSegmentSize, negotiated.AddressLimit, _layout.Format, _layout.Modifier, _layout.Width,
        _layout.Height, _layout.Planes);

    private BufferPlacementConflictException Refusal(ConstraintKind kind, DeviceDescription device, string need, NegotiationConflict? cause) =>
        ConflictFormatter.AttachRefused(kind, device, _buffer, ConflictFormatter.Where(_physical, Size, _layout), need, cause);
}
