using PluggableDmaBuf.Core.Accounting;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// The state machine of one <see cref="DmaBuf"/> and the one class under its lock: references, the
/// attachment list and slot pool, the mapping and CPU-user counts, the vmap count, and the decisions
/// that read or change the backing's placement. Every member takes the lock, does bookkeeping only,
/// and returns what the caller — the buffer, or a CPU access or view — must then do outside it;
/// except <see cref="Get"/> and the drop of a holder's reference that is not the holders' last, which take no lock.
/// </summary>
/// <remarks>
/// <para><b>Locking rules.</b> Under the lock run only the core's own bookkeeping: checks, counters,
/// slot tokens and phases, negotiation and allocation of placements, SG tables and IO-virtual ranges.
/// Never under it: any exporter callback, any copy of bytes (migration, bounce), creating a
/// migration's storage, waiting for fences, the release. Each of those runs after the state records
/// what is in progress — a slot's <see cref="SlotPhase"/>, <see cref="BufferState.VmapBusy"/>,
/// <see cref="DmaBufBacking.Moving"/>, the active-mapping and CPU-user counts — and is finished here
/// afterwards; whoever needs its outcome waits on the monitor within the migration timeout
/// (<see cref="BufferMonitor"/>). So a callback may use the buffer from any thread, and
/// <see cref="Get"/>, <see cref="Drop"/> and the buffer's properties stay quick during a callback or
/// a copy.</para>
/// <para><b>References</b> come in two counts. The holders' (<see cref="Get"/>, <see cref="Drop"/>,
/// the export's own) are atomics, so that a get and every drop but a holder's last — the calls a
/// pipeline makes on every buffer of every frame — cost one atomic each, not the lock. Those of
/// attachments, CPU users and a running migration are plain counts under the lock, which their
/// operations take anyway. The buffer is released when both are zero, and only ever under the lock
/// (a holder's last drop takes it), so that under the lock a buffer that is not released stays so.</para>
/// <para><b>Migration protocol</b> (as <c>dma_buf_move_notify</c>): a late attach marks the
/// migration pending and new maps wait; once no mapping or CPU user is left, the first thread to find
/// it so starts the move here (the buffer is then moving, and the mover holds a reference), copies
/// outside the lock, and publishes the new placement and storage here, waking the waiters.</para>
/// </remarks>
internal sealed class BufferLifecycle : BufferMonitor
{
    private readonly DmaBuf _buffer;
    private readonly DmaBufBacking _backing;
    private readonly List<AttachmentSlot> _attachments = new(4);
    private readonly List<AttachmentSlot> _spare = new(4);
    private BufferState _state;
    // The holders' references, changed with atomics only; the others are _state.Held (see the remarks).
    private int _references = 1;
    private bool _released;

    public BufferLifecycle(DmaBuf buffer, DmaBufBacking backing, TimeSpan waitTimeout)
        : base(waitTimeout)
    {
        (_buffer, _backing) = (buffer, backing);
    }

    public int References => Volatile.Read(ref _references) + Volatile.Read(ref _state.Held);

    public bool IsReleased => Volatile.Read(ref _released);

    /// <summary>Adds a holder's reference, without the lock while another holder has one; throws once the buffer is released.</summary>
    public void Get()
    {
        var seen = Volatile.Read(ref _references);
        while (seen > 0)
        {
            var was = Interlocked.CompareExchange(ref _references, seen + 1, seen);
            if (was == seen)
            {
                return;
            }

            seen = was;
        }

        // No holder left: only attachments, CPU users or a migration may keep the buffer, which the lock decides.
        using (EnterScope())
        {
            if (_released)
            {
                ThrowHelper.Released(_buffer, "get a reference");
            }

            Interlocked.Increment(ref _references);
        }
    }

    /// <summary>Drops a holder's reference (or a CPU user's); returns whether it was the buffer's last, which the caller then releases, outside the lock.</summary>
    public bool Drop(string operation, bool cpuUser)
    {
        if (!cpuUser && TryDropShared())
        {
            return false;
        }

        using (EnterScope())
        {
            if (!cpuUser)
            {
                return DropHolderLocked(operation);
            }

            _state.CpuUsers--;
            Pulse();
            return DropLocked(operation);
        }
    }

    /// <summary>Admits <paramref name="device"/> (or throws the refusal) into a slot with a new token, holding a reference; <paramref name="migrate"/> when the buffer must move for it.</summary>
    public AttachmentSlot Attach(DeviceDescription device, out long token, out bool migrate)
    {
        var deadline = 0L;
        using (EnterScope())
        {
            // A device is checked against the placement it will use, not the one a running copy replaces.
            while (_backing.Moving && !IsReleased)
            {
                Wait(ref deadline, device, "the migration copy to finish");
            }

            if (IsReleased)
            {
                ThrowHelper.Released(_buffer, "attach", device.Name);
            }

            // A slot that last served this very device object knows its IO-virtual space, and whether it
            // reaches the current placement directly: the same checks would give the same verdicts.
            var spare = FindSpareLocked(device);
            var known = spare >= 0 ? _spare[spare] : null;
            var iova = device.HasIommu ? known?.Iova ?? _buffer.Core.IovaFor(device) : null;
            PhysicalPlacement? direct;
            if (known is not null && known.ReachesDirectly(_backing.Physical))
            {
                (migrate, direct) = (false, _backing.Physical);
            }
            else
            {
                migrate = _backing.CheckAttach(device, _attachments, out direct);
            }

            var slot = TakeSpareLocked(spare);
            token = slot.AttachLocked(device, iova, direct);
            _attachments.Add(slot);
            _state.Held++;
            if (migrate)
            {
                _backing.MarkMigration();
            }

            return slot;
        }
    }

    /// <summary>
    /// Detaches a live, unmapped attachment, or throws. With <paramref name="callback"/> the slot is left
    /// detaching for the caller to run the exporter's Detach and then <see cref="FinishDetach"/>;
    /// without, it is detached at once. Returns whether the attachment's reference was the last.
    /// </summary>
    public bool Detach(AttachmentSlot slot, long token, bool callback)
    {
        using (EnterScope())
        {
            if (!slot.Holds(token))
            {
                ThrowHelper.Detached(_buffer, "detach", slot.DeviceOf(token));
            }

            if (slot.Phase == SlotPhase.Detaching)
            {
                ThrowHelper.Detaching(_buffer, "detach", slot.Device);
            }

            if (slot.Phase != SlotPhase.Idle)
            {
                ThrowHelper.StillMapped(_buffer, slot.Device, slot.MapCount);
            }

            if (callback)
            {
                slot.BeginDetachLocked();
                return false;
            }

            return FinishDetachLocked(slot, "detach");
        }
    }

    /// <summary>Puts a detached slot back in the pool (its token gone) and drops the attachment's reference; returns whether it was the last.</summary>
    public bool FinishDetach(AttachmentSlot slot, string operation)
    {
        using (EnterScope())
        {
            return FinishDetachLocked(slot, operation);
        }
    }

    /// <summary>
    /// Decides what a map does: returns <c>true</c> when it is done — one more map of the cached
    /// mapping, or, for an <paramref name="inert"/> exporter (no callback code) without a bounce copy,
    /// a new mapping completed at once; sets <paramref name="move"/> when the caller must run a
    /// migration first (then map again); otherwise leaves the slot mapping — placed, table built,
    /// counted active — for the caller to finish.
    /// </summary>
    public bool PrepareMap(AttachmentSlot slot, long token, DmaDirection direction, bool inert, ref long deadline, out BackingMove? move)
    {
        move = null;
        using (EnterScope())
        {
            while (true)
            {
                var phase = slot.CheckMapLocked(token, direction);
                if (phase == SlotPhase.Mapped)
                {
                    return true;
                }

                if (phase != SlotPhase.Idle || _backing.Moving)
                {
                    Wait(ref deadline, slot.Device, "another map or unmap of it, or the migration copy, to finish");
                    continue;
                }

                if (_backing.MigrationPending)
                {
                    if (!_state.Idle)
                    {
                        Wait(ref deadline, slot.Device,
                            $"{_state.ActiveMappings} active mapping(s) and {_state.CpuUsers} CPU user(s) to end so that the buffer can migrate; unmap them first");
                        continue;
                    }

                    if ((move = StartMoveLocked()) is not null)
                    {
                        return false;
                    }
                }

                if (!_backing.IsPlaced)
                {
                    _backing.Place(_attachments);
                }

                _backing.EnsureStorage();
                slot.BeginMapLocked(direction, _backing, _buffer.Size);
                _state.ActiveMappings++;
                if (inert && !slot.IsBouncedLocked)
                {
                    // Nothing to run outside the lock: the map completes here.
                    slot.CompleteMapLocked();
                    return true;
                }

                return false;
            }
        }
    }

    /// <summary>Ends the mapping transition: mapped, or (<paramref name="succeeded"/> false: the exporter refused) given up.</summary>
    public void FinishMap(AttachmentSlot slot, bool succeeded)
    {
        using (EnterScope())
        {
            if (succeeded)
            {
                slot.CompleteMapLocked();
            }
            else
            {
                slot.AbandonMapLocked();
                _state.ActiveMappings--;
            }

            Pulse();
        }
    }

    /// <summary>
    /// Undoes one map; returns whether it was the last and the caller must run the exporter's Unmap and
    /// the copy back, then <see cref="FinishUnmap"/>. The last unmap of an <paramref name="inert"/>
    /// exporter's mapping without a bounce buffer completes here.
    /// </summary>
    public bool BeginUnmap(AttachmentSlot slot, long mappingToken, bool inert)
    {
        using (EnterScope())
        {
            if (!slot.HoldsMapping(mappingToken) || slot.Phase != SlotPhase.Mapped)
            {
                ThrowHelper.Unmapped(_buffer, "unmap", slot.DeviceOf(mappingToken));
            }

            if (!slot.EndMapLocked())
            {
                return false;
            }

            if (inert && !slot.IsBouncedLocked)
            {
                FinishUnmapLocked(slot);
                return false;
            }

            return true;
        }
    }

    public void FinishUnmap(AttachmentSlot slot)
    {
        using (EnterScope())
        {
            FinishUnmapLocked(slot);
        }
    }

    /// <summary>Starts a pending migration when nothing maps or views the buffer (a late attach on an idle buffer).</summary>
    public BackingMove? StartMoveIfIdle()
    {
        using (EnterScope())
        {
            return _backing.MigrationPending && _state.Idle && !_backing.Moving ? StartMoveLocked() : null;
        }
    }

    /// <summary>Ends a migration whose copy ran: publishes it, or gives it up (it stays pending); drops the mover's reference and returns whether it was the last.</summary>
    public bool FinishMove(BackingMove move, bool copied)
    {
        using (EnterScope())
        {
            if (copied)
            {
                _backing.Publish(move);
            }
            else
            {
                _backing.Abandon(move);
            }

            Pulse();
            return DropLocked(copied ? "end the migration" : "abandon the migration");
        }
    }

    /// <summary>Counts a CPU user (and a vmap) once no migration copy runs; <paramref name="vmapFirst"/>: the exporter's Vmap is the caller's to run.</summary>
    public BufferStorage EnterCpu(string operation, bool vmap, bool tellsVmap, out bool vmapFirst)
    {
        var deadline = 0L;
        using (EnterScope())
        {
            while (!IsReleased && (_backing.Moving || (vmap && _state.VmapBusy)))
            {
                Wait(ref deadline, null, _backing.Moving ? "the migration copy to finish" : "the exporter's vmap or vunmap to finish");
            }

            if (IsReleased)
            {
                ThrowHelper.Released(_buffer, operation);
            }

            var storage = _backing.EnsureStorage();
            _state.Held++;
            _state.CpuUsers++;
            vmapFirst = vmap && _state.Vmaps++ == 0 && tellsVmap;
            _state.VmapBusy |= vmapFirst;
            return storage;
        }
    }

    /// <summary>Counts a vunmap; returns whether it takes the count 1→0 with the exporter to tell, which the caller then does.</summary>
    public bool EnterVunmap(bool tellsVunmap)
    {
        var deadline = 0L;
        using (EnterScope())
        {
            while (_state.VmapBusy)
            {
                Wait(ref deadline, null, "the exporter's vmap or vunmap to finish");
            }

            var last = --_state.Vmaps == 0 && tellsVunmap;
            _state.VmapBusy = last;
            return last;
        }
    }

    /// <summary>Ends the vmap or vunmap transition the caller held; <paramref name="undo"/> gives back a vmap the exporter refused.</summary>
    public void EndVmapTransition(bool undo)
    {
        using (EnterScope())
        {
            _state.Vmaps -= undo ? 1 : 0;
            _state.VmapBusy = false;
            Pulse();
        }
    }

    /// <summary>A consistent picture of the buffer for listings (bufinfo).</summary>
    public BufferInfo Info()
    {
        using (EnterScope())
        {
            var b = _buffer;
            return new BufferInfo(b.Id, b.Name, b.Size, b.Exporter, _backing.HeapName, b.Format?.FourCC, b.Modifier, b.Width, b.Height,
                b.Planes, _backing.Runs, _backing.Lowest, _attachments.ConvertAll(a => a.Device.Name).ToArray(), _state.ActiveMappings,
                References, _backing.BytesCopied, _backing.Migrations);
        }
    }

    private void FinishUnmapLocked(AttachmentSlot slot)
    {
        slot.FinishUnmapLocked();
        _state.ActiveMappings--;
        Pulse();
    }

    /// <summary>Drops a holder's reference that is not the holders' last, without the lock; <c>false</c> when it may be, for the caller to drop under the lock.</summary>
    private bool TryDropShared()
    {
        var seen = Volatile.Read(ref _references);
        while (seen > 1)
        {
            var was = Interlocked.CompareExchange(ref _references, seen - 1, seen);
            if (was == seen)
            {
                return true;
            }

            seen = was;
        }

        return false;
    }

    /// <summary>Drops a holder's reference under the lock (a get may still race it: an atomic); returns whether it was the buffer's last.</summary>
    private bool DropHolderLocked(string operation)
    {
        if (_released)
        {
            ThrowHelper.Released(_buffer, operation);
        }

        if (Volatile.Read(ref _references) == 0)
        {
            ThrowHelper.NoReference(_buffer, operation, _state.Held);
        }

        return Interlocked.Decrement(ref _references) == 0 && ReleaseIfUnheldLocked();
    }

    /// <summary>Drops the reference of an attachment, a CPU user or a migration; returns whether it was the buffer's last.</summary>
    private bool DropLocked(string operation)
    {
        if (_released)
        {
            ThrowHelper.Released(_buffer, operation);
        }

        // The holders' count at zero stays so without the lock: only a get under the lock raises it again.
        _state.Held--;
        return Volatile.Read(ref _references) == 0 && ReleaseIfUnheldLocked();
    }

    /// <summary>With no holder's reference left: releases the buffer when nothing else holds one either.</summary>
    private bool ReleaseIfUnheldLocked()
    {
        if (_state.Held > 0)
        {
            return false;
        }

        Volatile.Write(ref _released, true);
        return true;
    }

    /// <summary>The index of a spare slot that last served <paramref name="device"/> itself, or -1.</summary>
    private int FindSpareLocked(DeviceDescription device)
    {
        for (var i = _spare.Count - 1; i >= 0; i--)
        {
            if (_spare[i].Served(device))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The spare slot at <paramref name="index"/> (-1: any), or a new one when the pool is empty.</summary>
    private AttachmentSlot TakeSpareLocked(int index)
    {
        var last = _spare.Count - 1;
        if (last < 0)
        {
            return new AttachmentSlot(_buffer);
        }

        index = index < 0 ? last : index;
        var slot = _spare[index];
        _spare[index] = _spare[last];
        _spare.RemoveAt(last);
        return slot;
    }

    private bool FinishDetachLocked(AttachmentSlot slot, string operation)
    {
        // By reference, not through List.Remove's default comparer (a virtual Equals per attachment).
        for (var i = 0; i < _attachments.Count; i++)
        {
            if (ReferenceEquals(_attachments[i], slot))
            {
                _attachments.RemoveAt(i);
                break;
            }
        }

        slot.DetachLocked();
        _spare.Add(slot);
        Pulse();
        return DropLocked(operation);
    }

    private BackingMove? StartMoveLocked()
    {
        var move = _backing.StartMove(_attachments);
        if (move is not null)
        {
            _state.Held++;
        }

        return move;
    }

    private void Wait(ref long deadline, DeviceDescription? device, string what)
    {
        if (!base.Wait(ref deadline))
        {
            ThrowHelper.WaitedTooLong(_buffer, device, Timeout, what);
        }
    }
}
