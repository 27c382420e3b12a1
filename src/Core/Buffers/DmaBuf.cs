using PluggableDmaBuf.Core.Accounting;
using PluggableDmaBuf.Core.Reservations;
using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// The buffer object (Linux's <c>struct dma_buf</c>): references, the lifecycle state machine of
/// design §2 and the dispatch of the exporter's callbacks. Placement, storage, reachability,
/// migration and bounce copies are its backing's (<see cref="DmaBufBacking"/>); attachments and
/// mappings are pooled slots behind token-checked handles (<see cref="AttachmentSlot"/>); CPU
/// accesses and views (<see cref="CpuAccess"/>, <see cref="CpuView"/>) count themselves here.
/// </summary>
/// <remarks>
/// <para><b>Locking rules.</b> One monitor per buffer (<c>_sync</c>) guards <see cref="BufferState"/>,
/// the attachment list and pool, the slots' state and the backing's placement. Under it run only the
/// core's own bookkeeping: checks, counters, tokens, negotiation and allocation of placements, SG
/// tables and IO-virtual ranges. Never under it: any exporter callback, any copy of bytes (migration,
/// bounce), creating a migration's storage, waiting for fences, the release. Each of those runs after
/// the state says what is in progress (<see cref="SlotPhase"/>, <see cref="BufferState.VmapBusy"/>,
/// <see cref="DmaBufBacking.Moving"/>, the active-mapping and CPU-user counts) and is finished under
/// the lock afterwards; whoever needs its outcome waits on the monitor, within the migration timeout.
/// So a callback may use the buffer from any thread, and <see cref="Get"/>, <see cref="Put"/> and the
/// properties stay quick during a callback or a copy.</para>
/// <para><b>Migration protocol</b> (as <c>dma_buf_move_notify</c>): a late attach marks the migration
/// pending and new maps wait; once no mapping or CPU user is left, the first thread to find it so
/// starts the move under the lock (the buffer is then moving, and the mover holds a reference), copies
/// outside it, and publishes the new placement and storage under it, waking the waiters.</para>
/// </remarks>
internal sealed class DmaBuf : IDmaBuf
{
    private readonly BufferMonitor _sync;
    private readonly DmaBufExporter _exporter;
    private readonly DmaBufOperations _ops;
    private readonly BufferLayout _layout;
    private readonly List<AttachmentSlot> _attachments = new(4);
    private readonly Stack<AttachmentSlot> _spare = new(4);
    private readonly DmaReservation _reservation = new();
    private BufferState _state = new() { References = 1 };

    internal DmaBuf(DmaBufCore core, long id, string name, DmaBufExporter exporter, DmaBufOperations operations,
        DeviceDescription? exporterDevice, BufferLayout layout)
    {
        (Core, Id, Name, _exporter, _ops, _layout) = (core, id, name, exporter, operations, layout);
        _sync = new BufferMonitor(core.Options.MigrationWaitTimeout);
        Backing = new DmaBufBacking(core, Describe(), name, layout, exporterDevice);
    }

    public long Id { get; }

    public string Name { get; }

    public long Size => _layout.Size;

    public string Exporter => _exporter.Name;

    public NegotiatedPlacement? Placement => Backing.Placement;

    public PixelFormat? Format => _layout.Format;

    public string? Modifier => _layout.Modifier;

    public int Width => _layout.Width;

    public int Height => _layout.Height;

    public IReadOnlyList<PlaneLayout> Planes => _layout.Planes;

    public int ReferenceCount => Volatile.Read(ref _state.References);

    public bool IsReleased => Volatile.Read(ref _state.Released);

    public IDmaReservation Reservation => _reservation;

    internal DmaBufCore Core { get; }

    internal DmaBufBacking Backing { get; }

    /// <summary>The exporter, for the CPU access and view callbacks (which <see cref="Provides"/> gates).</summary>
    internal DmaBufExporter Callbacks => _exporter;

    internal DmaReservation Fences => _reservation;

    /// <summary>Where the buffer was exported, when leak tracking is on.</summary>
    internal string? ExportedAt { get; init; }

    internal string Describe() => $"buffer #{Id} '{Name}'";

    public override string ToString() => Describe();

    internal bool Provides(DmaBufOperations operation) => (_ops & operation) != 0;

    public void Get()
    {
        lock (_sync)
        {
            if (_state.Released)
            {
                ThrowHelper.Released(this, "get a reference");
            }

            _state.References++;
        }
    }

    public void Put() => Drop("drop a reference", cpuUser: false);

    public DmaBufAttachment Attach(DeviceDescription device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var iova = device.HasIommu ? Core.IovaFor(device) : null;
        AttachmentSlot slot;
        long token;
        bool migrate;
        lock (_sync)
        {
            if (_state.Released)
            {
                ThrowHelper.Released(this, "attach", device.Name);
            }

            migrate = Backing.CheckAttach(device, _attachments);
            slot = _spare.Count > 0 ? _spare.Pop() : new AttachmentSlot(this);
            token = slot.AttachLocked(device, iova);
            _attachments.Add(slot);
            _state.References++;
            if (migrate)
            {
                Backing.MarkMigration();
            }
        }

        var attachment = new DmaBufAttachment(slot, token);
        var exporterKnows = !Provides(DmaBufOperations.Attach);
        try
        {
            if (!exporterKnows)
            {
                _exporter.Attach(attachment);
                exporterKnows = true;
            }

            if (migrate && StartMoveIfIdle() is { } move)
            {
                Move(move);
            }
        }
        catch
        {
            FinishDetach(slot, attachment, "abandon the attach", tellExporter: exporterKnows);
            throw;
        }

        return attachment;
    }

    public IDmaBufCpuAccess BeginCpuAccess(CpuAccessMode mode) => CpuAccess.Begin(this, mode);

    public IDmaBufView Vmap() => CpuView.Vmap(this);

    public IDmaBufView Mmap() => CpuView.Mmap(this);

    internal DmaBufMapping MapSlot(AttachmentSlot slot, long token, DmaDirection direction)
    {
        if (direction is not (DmaDirection.ToDevice or DmaDirection.FromDevice or DmaDirection.Bidirectional))
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "must be ToDevice, FromDevice or Bidirectional");
        }

        var deadline = 0L;
        BackingMove? move;
        bool cached;
        while (true)
        {
            lock (_sync)
            {
                cached = PrepareMapLocked(slot, token, direction, ref deadline, out move);
            }

            if (move is null)
            {
                break;
            }

            Move(move);
        }

        var mapping = slot.MappingHandle;
        if (cached)
        {
            return mapping;
        }

        // The table is built and the mapping counted active: the bounce copy and the exporter run outside the lock.
        try
        {
            slot.CopyIn(Backing);
            _exporter.Map(mapping);
        }
        catch
        {
            lock (_sync)
            {
                slot.AbandonMapLocked();
                _state.ActiveMappings--;
                _sync.Pulse();
            }

            throw;
        }

        lock (_sync)
        {
            slot.CompleteMapLocked();
            _sync.Pulse();
        }

        return mapping;
    }

    internal void UnmapSlot(AttachmentSlot slot, long mappingToken)
    {
        lock (_sync)
        {
            if (!slot.HoldsMapping(mappingToken) || slot.Phase != SlotPhase.Mapped)
            {
                ThrowHelper.Unmapped(this, "unmap", slot.DeviceOf(mappingToken));
            }

            if (!slot.EndMapLocked())
            {
                return;
            }
        }

        try
        {
            _exporter.Unmap(new DmaBufMapping(slot, mappingToken));
        }
        finally
        {
            try
            {
                slot.CopyOut(Backing);
            }
            finally
            {
                lock (_sync)
                {
                    slot.FinishUnmapLocked();
                    _state.ActiveMappings--;
                    _sync.Pulse();
                }
            }
        }
    }

    internal void DetachSlot(AttachmentSlot slot, long token)
    {
        lock (_sync)
        {
            if (!slot.Holds(token))
            {
                ThrowHelper.Detached(this, "detach", slot.DeviceOf(token));
            }

            if (slot.Phase == SlotPhase.Detaching)
            {
                ThrowHelper.Detaching(this, "detach", slot.Device);
            }

            if (slot.Phase != SlotPhase.Idle)
            {
                ThrowHelper.StillMapped(this, slot.Device, slot.MapCount);
            }

            slot.BeginDetachLocked();
        }

        FinishDetach(slot, new DmaBufAttachment(slot, token), "detach", tellExporter: Provides(DmaBufOperations.Detach));
    }

    /// <summary>Counts a CPU user (and a vmap) once no migration copy runs; <paramref name="vmapFirst"/>: the exporter's Vmap is this caller's to run.</summary>
    internal BufferStorage EnterCpu(string operation, bool vmap, out bool vmapFirst)
    {
        var deadline = 0L;
        lock (_sync)
        {
            while (!_state.Released && (Backing.Moving || (vmap && _state.VmapBusy)))
            {
                WaitLocked(ref deadline, null, Backing.Moving ? "the migration copy to finish" : "the exporter's vmap or vunmap to finish");
            }

            if (_state.Released)
            {
                ThrowHelper.Released(this, operation);
            }

            var storage = Backing.EnsureStorage();
            _state.References++;
            _state.CpuUsers++;
            vmapFirst = vmap && _state.Vmaps++ == 0 && Provides(DmaBufOperations.Vmap);
            _state.VmapBusy |= vmapFirst;
            return storage;
        }
    }

    /// <summary>Ends a CPU user: drops its reference (the last one releases the buffer).</summary>
    internal void LeaveCpu(string operation) => Drop(operation, cpuUser: true);

    /// <summary>Counts a vunmap; returns whether it takes the count 1→0 with the exporter to tell, which the caller then does.</summary>
    internal bool EnterVunmap()
    {
        var deadline = 0L;
        lock (_sync)
        {
            while (_state.VmapBusy)
            {
                WaitLocked(ref deadline, null, "the exporter's vmap or vunmap to finish");
            }

            var last = --_state.Vmaps == 0 && Provides(DmaBufOperations.Vunmap);
            _state.VmapBusy = last;
            return last;
        }
    }

    /// <summary>Ends the vmap or vunmap transition the caller held; <paramref name="undo"/> gives back a vmap the exporter refused.</summary>
    internal void EndVmapTransition(bool undo)
    {
        lock (_sync)
        {
            _state.Vmaps -= undo ? 1 : 0;
            _state.VmapBusy = false;
            _sync.Pulse();
        }
    }

    /// <summary>A consistent picture of the buffer for listings (bufinfo).</summary>
    internal BufferInfo Info()
    {
        lock (_sync)
        {
            var devices = _attachments.ConvertAll(a => a.Device.Name).ToArray();
            return new BufferInfo(Id, Name, Size, Exporter, Backing.HeapName, _layout.Format?.FourCC, _layout.Modifier, _layout.Width,
                _layout.Height, _layout.Planes, Backing.Runs, Backing.Lowest, devices, _state.ActiveMappings, _state.References,
                Backing.BytesCopied, Backing.Migrations);
        }
    }

    /// <summary>
    /// Decides, under the lock, what a map does: returns <c>true</c> for one more map of the cached
    /// mapping; sets <paramref name="move"/> when this thread must run a migration first; otherwise
    /// leaves the slot mapping, its table built and counted active.
    /// </summary>
    private bool PrepareMapLocked(AttachmentSlot slot, long token, DmaDirection direction, ref long deadline, out BackingMove? move)
    {
        move = null;
        while (true)
        {
            var phase = slot.CheckMapLocked(token, direction);
            if (phase == SlotPhase.Mapped)
            {
                return true;
            }

            if (phase != SlotPhase.Idle || Backing.Moving)
            {
                WaitLocked(ref deadline, slot.Device, "another map or unmap of it, or the migration copy, to finish");
                continue;
            }

            if (Backing.MigrationPending)
            {
                if (!_state.Idle)
                {
                    WaitLocked(ref deadline, slot.Device,
                        $"{_state.ActiveMappings} active mapping(s) and {_state.CpuUsers} CPU user(s) to end so that the buffer can migrate; unmap them first");
                    continue;
                }

                if ((move = StartMoveLocked()) is not null)
                {
                    return false;
                }
            }

            if (!Backing.IsPlaced)
            {
                Backing.Place(_attachments);
            }

            Backing.EnsureStorage();
            slot.BeginMapLocked(direction, Backing, Size);
            _state.ActiveMappings++;
            return false;
        }
    }

    /// <summary>Starts a pending migration when nothing maps or views the buffer; the mover holds a reference until it publishes.</summary>
    private BackingMove? StartMoveLocked()
    {
        var move = Backing.StartMove(_attachments);
        _state.References += move is null ? 0 : 1;
        return move;
    }

    private BackingMove? StartMoveIfIdle()
    {
        lock (_sync)
        {
            return Backing.MigrationPending && _state.Idle && !Backing.Moving ? StartMoveLocked() : null;
        }
    }

    /// <summary>The copy of a migration started under the lock, outside it, then its publication (or its abandonment) under it.</summary>
    private void Move(BackingMove move)
    {
        try
        {
            Backing.Copy(move);
        }
        catch
        {
            lock (_sync)
            {
                Backing.Abandon(move);
                _sync.Pulse();
            }

            Drop("abandon the migration", cpuUser: false);
            throw;
        }

        lock (_sync)
        {
            Backing.Publish(move);
            _sync.Pulse();
        }

        Drop("end the migration", cpuUser: false);
    }

    /// <summary>The end of a detach (or of an attach given up): the exporter told, outside the lock; the slot back in the pool; the reference dropped.</summary>
    private void FinishDetach(AttachmentSlot slot, DmaBufAttachment attachment, string operation, bool tellExporter)
    {
        try
        {
            if (tellExporter)
            {
                _exporter.Detach(attachment);
            }
        }
        finally
        {
            lock (_sync)
            {
                _attachments.Remove(slot);
                slot.DetachLocked();
                _spare.Push(slot);
                _sync.Pulse();
            }

            Drop(operation, cpuUser: false);
        }
    }

    /// <summary>Drops a reference (and a CPU user); the last one releases the buffer, outside the lock (invariant 7).</summary>
    private void Drop(string operation, bool cpuUser)
    {
        lock (_sync)
        {
            if (_state.Released)
            {
                ThrowHelper.Released(this, operation);
            }

            if (cpuUser)
            {
                _state.CpuUsers--;
                _sync.Pulse();
            }

            if (--_state.References > 0)
            {
                return;
            }

            Volatile.Write(ref _state.Released, true);
        }

        try
        {
            _exporter.Release(this);
        }
        finally
        {
            Backing.Free();
            Core.Accounting.Unregister(this);
        }
    }

    private void WaitLocked(ref long deadline, DeviceDescription? device, string what)
    {
        if (!_sync.Wait(ref deadline))
        {
            ThrowHelper.WaitedTooLong(this, device, _sync.Timeout, what);
        }
    }
}
