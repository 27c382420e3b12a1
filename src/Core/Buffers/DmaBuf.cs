using System.Globalization;
using PluggableDmaBuf.Core.Accounting;
using PluggableDmaBuf.Core.Reservations;
using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// The buffer object (Linux's <c>struct dma_buf</c>): references, the lifecycle state machine of
/// design §2 and the dispatch of the exporter's callbacks. Placement, storage, reachability,
/// migration and bounce copies are its backing's (<see cref="DmaBufBacking"/>); attachments and
/// mappings are pooled slots behind handles (<see cref="AttachmentSlot"/>).
/// </summary>
/// <remarks>
/// <para><b>Locking rules.</b> One monitor per buffer (<c>_sync</c>) guards <see cref="BufferState"/>,
/// the attachment list and pool, the slots' state and the backing's placement. Under it run only the
/// core's own bookkeeping: checks, counters, negotiation and allocation of placements, SG tables and
/// IO-virtual ranges. Never under it: any exporter callback, any copy of bytes (migration, bounce),
/// creating a migration's storage, waiting for fences, and release. Each of those runs after the state
/// says what is in progress (<see cref="SlotPhase"/>, <see cref="BufferState.VmapBusy"/>,
/// <see cref="BufferState.Moving"/>, the active-mapping and CPU-user counts) and is finished under the
/// lock afterwards; whoever needs the outcome waits on the monitor (with the migration timeout), so a
/// callback may use the buffer from any thread, and <see cref="Get"/>, <see cref="Put"/> and every
/// property stay quick during a callback or a copy.</para>
/// <para><b>Migration protocol</b> (as <c>dma_buf_move_notify</c>): a late attach marks the migration
/// pending; new maps wait; once no mapping or CPU user is left, the thread that finds it so prepares
/// the new placement under the lock and marks the buffer moving (holding a reference), copies outside
/// the lock, publishes the new placement and storage under it, and wakes the waiting maps.</para>
/// </remarks>
internal sealed class DmaBuf : IDmaBuf
{
    private readonly object _sync = new();
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

    /// <summary>Where the buffer was exported, when leak tracking is on.</summary>
    internal string? ExportedAt { get; init; }

    internal long BytesCopied => Backing.BytesCopied;

    internal string Describe() => $"buffer #{Id} '{Name}'";

    public override string ToString() => Describe();

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

    public void Put() => Drop("drop a reference");

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
            _state.MigrationPending |= migrate;
        }

        var attachment = new DmaBufAttachment(slot, token);
        var exporterKnows = false;
        try
        {
            Call(DmaBufOperations.Attach, attachment, static (e, a) => e.Attach(a));
            exporterKnows = true;
            if (migrate)
            {
                MoveIfIdle();
            }
        }
        catch
        {
            try
            {
                if (exporterKnows)
                {
                    Call(DmaBufOperations.Detach, attachment, static (e, a) => e.Detach(a));
                }
            }
            finally
            {
                FinishDetach(slot, "abandon the attach");
            }

            throw;
        }

        return attachment;
    }

    public IDmaBufCpuAccess BeginCpuAccess(CpuAccessMode mode)
    {
        if (mode is not (CpuAccessMode.Read or CpuAccessMode.Write or CpuAccessMode.ReadWrite))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "must be Read, Write or ReadWrite");
        }

        var storage = StartCpuUser("begin CPU access", out _);
        try
        {
            // Implicit sync (invariant 10): reading waits for the writers, writing for readers and writers too.
            if ((mode & CpuAccessMode.Write) != 0)
            {
                _reservation.WaitForCpuWrite(Core.Options.FenceTimeout);
            }
            else
            {
                _reservation.WaitForCpuRead(Core.Options.FenceTimeout);
            }

            if ((_ops & DmaBufOperations.BeginCpuAccess) != 0)
            {
                _exporter.BeginCpuAccess(this, mode);
            }
        }
        catch
        {
            Drop("abandon CPU access", cpuUser: true);
            throw;
        }

        return new CpuAccess(this, storage, mode, Core.Options.Strict);
    }

    public IDmaBufView Vmap()
    {
        var storage = StartCpuUser("vmap", out var first, vmap: true);
        if (first)
        {
            // This call took the count 0→1 and holds the transition: the exporter's Vmap runs outside the lock.
            try
            {
                _exporter.Vmap(this);
            }
            catch
            {
                EndVmapTransition(undo: true);
                Drop("abandon vmap", cpuUser: true);
                throw;
            }

            EndVmapTransition(undo: false);
        }

        unsafe
        {
            return new CpuView(this, storage, storage.Pointer, isVmap: true, Core.Options.Strict);
        }
    }

    public unsafe IDmaBufView Mmap()
    {
        var storage = StartCpuUser("mmap", out _);
        try
        {
            if ((_ops & DmaBufOperations.Mmap) != 0)
            {
                _exporter.Mmap(this);
            }

            return new CpuView(this, storage, storage.MapAlias(), isVmap: false, Core.Options.Strict);
        }
        catch
        {
            Drop("abandon mmap", cpuUser: true);
            throw;
        }
    }

    internal DmaBufMapping MapSlot(AttachmentSlot slot, long token, DmaDirection direction)
    {
        if (direction is not (DmaDirection.ToDevice or DmaDirection.FromDevice or DmaDirection.Bidirectional))
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "must be ToDevice, FromDevice or Bidirectional");
        }

        var deadline = 0L;
        while (true)
        {
            BackingMove? move = null;
            lock (_sync)
            {
                if (PrepareMapLocked(slot, token, direction, ref deadline, ref move))
                {
                    return slot.MappingHandle;
                }
            }

            if (move is null)
            {
                break;
            }

            Move(move);
        }

        // The table is built and counted active: the bounce copy and the exporter run outside the lock.
        var mapping = slot.MappingHandle;
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
                PulseLocked();
            }

            throw;
        }

        lock (_sync)
        {
            slot.CompleteMapLocked();
            PulseLocked();
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
                    PulseLocked();
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

            if (slot.Phase != SlotPhase.Idle)
            {
                if (slot.Phase == SlotPhase.Detaching)
                {
                    ThrowHelper.Detaching(this, "detach", slot.Device);
                }

                ThrowHelper.StillMapped(this, slot.Device, slot.MapCount);
            }

            slot.BeginDetachLocked();
        }

        try
        {
            Call(DmaBufOperations.Detach, new DmaBufAttachment(slot, token), static (e, a) => e.Detach(a));
        }
        finally
        {
            FinishDetach(slot, "detach");
        }
    }

    internal void EndCpuAccess(CpuAccess access)
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
            Drop("end CPU access", cpuUser: true);
        }
    }

    internal unsafe void ReleaseView(CpuView view)
    {
        try
        {
            if (!view.IsVmap)
            {
                view.Storage.UnmapAlias(view.Pointer);
            }
            else if (StartVunmap())
            {
                try
                {
                    _exporter.Vunmap(this);
                }
                finally
                {
                    EndVmapTransition(undo: false);
                }
            }
        }
        finally
        {
            Drop(view.IsVmap ? "vunmap" : "munmap", cpuUser: true);
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
    /// Decides, under the lock, what a map does next: returns <c>true</c> for a cached mapping (one
    /// more map of it), sets <paramref name="move"/> when this thread must run a migration first, and
    /// otherwise leaves the slot in <see cref="SlotPhase.Mapping"/> with the table built.
    /// </summary>
    private bool PrepareMapLocked(AttachmentSlot slot, long token, DmaDirection direction, ref long deadline, ref BackingMove? move)
    {
        while (true)
        {
            if (!slot.Holds(token))
            {
                ThrowHelper.Detached(this, "map", slot.DeviceOf(token));
            }

            var device = slot.Device;
            if (slot.Phase == SlotPhase.Detaching)
            {
                ThrowHelper.Detaching(this, "map", device);
            }

            if (slot.Phase is SlotPhase.Mapping or SlotPhase.Unmapping || _state.Moving)
            {
                // Another thread's map, unmap or migration copy is under way: its outcome decides ours.
                WaitLocked(ref deadline, device, "another map or unmap of it, or the migration copy, to finish");
                continue;
            }

            if (slot.MapCount > 0)
            {
                if (slot.Direction != direction && slot.Direction != DmaDirection.Bidirectional)
                {
                    ThrowHelper.Direction(this, device, slot.Direction, direction);
                }

                slot.AddMapLocked();
                return true;
            }

            if (_state.MigrationPending)
            {
                if (!_state.Idle)
                {
                    WaitLocked(ref deadline, device, string.Create(CultureInfo.InvariantCulture,
                        $"{_state.ActiveMappings} active mapping(s) and {_state.CpuUsers} CPU user(s) to end so that the buffer can migrate; unmap them first"));
                    continue;
                }

                if (TryStartMoveLocked(out move))
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

    /// <summary>Starts a pending migration (the lock is held and nothing maps or views the buffer): returns the move to run outside the lock, or <c>false</c> when no attachment needs one any more.</summary>
    private bool TryStartMoveLocked(out BackingMove? move)
    {
        move = null;
        if (Backing.NeedsMigration(_attachments))
        {
            move = Backing.PrepareMove(_attachments);
            _state.Moving = true;
            _state.References++;
        }

        _state.MigrationPending = false;
        return move is not null;
    }

    /// <summary>Runs a pending migration now when nothing maps or views the buffer (a late attach on an idle buffer).</summary>
    private void MoveIfIdle()
    {
        BackingMove? move;
        lock (_sync)
        {
            if (!_state.MigrationPending || !_state.Idle || !TryStartMoveLocked(out move))
            {
                return;
            }
        }

        Move(move!);
    }

    /// <summary>The copy and the publication of a migration started under the lock; the copy runs without it.</summary>
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
                DmaBufBacking.Abandon(move);
                _state.MigrationPending = true;
                EndMoveLocked();
            }

            Drop("abandon the migration");
            throw;
        }

        lock (_sync)
        {
            Backing.Publish(move);
            EndMoveLocked();
        }

        Drop("end the migration");
    }

    private void EndMoveLocked()
    {
        _state.Moving = false;
        PulseLocked();
    }

    /// <summary>Counts a CPU user (and a vmap) once no migration copy runs; <paramref name="vmapFirst"/> says the exporter's Vmap is this thread's to call.</summary>
    private BufferStorage StartCpuUser(string operation, out bool vmapFirst, bool vmap = false)
    {
        var deadline = 0L;
        lock (_sync)
        {
            while (_state.Moving || (vmap && _state.VmapBusy))
            {
                if (_state.Released)
                {
                    break;
                }

                WaitLocked(ref deadline, null, _state.Moving ? "the migration copy to finish" : "the exporter's vmap or vunmap to finish");
            }

            if (_state.Released)
            {
                ThrowHelper.Released(this, operation);
            }

            var storage = Backing.EnsureStorage();
            _state.References++;
            _state.CpuUsers++;
            vmapFirst = vmap && _state.Vmaps++ == 0 && (_ops & DmaBufOperations.Vmap) != 0;
            _state.VmapBusy |= vmapFirst;
            return storage;
        }
    }

    /// <summary>Counts a vunmap; returns whether it takes the count 1→0 with the exporter to tell, which this thread then does.</summary>
    private bool StartVunmap()
    {
        var deadline = 0L;
        lock (_sync)
        {
            while (_state.VmapBusy)
            {
                WaitLocked(ref deadline, null, "the exporter's vmap or vunmap to finish");
            }

            var last = --_state.Vmaps == 0 && (_ops & DmaBufOperations.Vunmap) != 0;
            _state.VmapBusy = last;
            return last;
        }
    }

    private void EndVmapTransition(bool undo)
    {
        lock (_sync)
        {
            if (undo)
            {
                _state.Vmaps--;
            }

            _state.VmapBusy = false;
            PulseLocked();
        }
    }

    private void FinishDetach(AttachmentSlot slot, string operation)
    {
        lock (_sync)
        {
            _attachments.Remove(slot);
            slot.DetachLocked();
            _spare.Push(slot);
            PulseLocked();
        }

        Drop(operation);
    }

    /// <summary>Drops a reference (and a CPU user); the last one releases the buffer, outside the lock (invariant 7).</summary>
    private void Drop(string operation, bool cpuUser = false)
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
                PulseLocked();
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

    private void Call(DmaBufOperations operation, DmaBufAttachment attachment, Action<DmaBufExporter, DmaBufAttachment> callback)
    {
        if ((_ops & operation) != 0)
        {
            callback(_exporter, attachment);
        }
    }

    /// <summary>Waits on the monitor for another thread's transition, within the migration timeout, or fails the operation clearly.</summary>
    private void WaitLocked(ref long deadline, DeviceDescription? device, string what)
    {
        var timeout = Core.Options.MigrationWaitTimeout;
        var now = Environment.TickCount64;
        if (deadline == 0)
        {
            deadline = now + (long)timeout.TotalMilliseconds;
        }

        if (deadline - now <= 0)
        {
            ThrowHelper.State(string.Create(CultureInfo.InvariantCulture,
                $"{Describe()}: {(device is null ? "the CPU" : device.Name)} waited {timeout.TotalSeconds:0.###} s for {what}"));
        }

        _state.Waiters++;
        try
        {
            Monitor.Wait(_sync, TimeSpan.FromMilliseconds(deadline - now));
        }
        finally
        {
            _state.Waiters--;
        }
    }

    private void PulseLocked()
    {
        if (_state.Waiters > 0)
        {
            Monitor.PulseAll(_sync);
        }
    }
}
