using PluggableDmaBuf.Core.Accounting;
using PluggableDmaBuf.Core.Reservations;
using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// The buffer object (Linux's <c>struct dma_buf</c>): the <see cref="IDmaBuf"/> surface and the
/// dispatch of the exporter's callbacks. Its references and states are its lifecycle's
/// (<see cref="BufferLifecycle"/>, the one class under the buffer's lock); placement, storage,
/// reachability, migration and bounce copies are its backing's (<see cref="DmaBufBacking"/>);
/// attachments and mappings are pooled slots behind token-checked handles (<see cref="AttachmentSlot"/>);
/// CPU accesses and views begin and end in <see cref="CpuAccess"/> and <see cref="CpuView"/>.
/// </summary>
/// <remarks>
/// This class never holds a lock: each operation asks the lifecycle for a transition, runs the
/// exporter's callback and any copy with no lock held, and asks the lifecycle to finish it — so a
/// callback may use the buffer from any thread, and nothing waits for a copy but what needs its bytes.
/// </remarks>
internal sealed class DmaBuf : IDmaBuf
{
    private readonly DmaBufExporter _exporter;
    private readonly DmaBufOperations _ops;
    private readonly BufferLayout _layout;
    private readonly BufferLifecycle _lifecycle;
    private readonly DmaReservation _reservation = new();

    // The framework's own exporter has no callback code: its maps and unmaps complete in one step under the lock.
    private readonly bool _inert;

    internal DmaBuf(DmaBufCore core, long id, string name, DmaBufExporter exporter, DmaBufOperations operations,
        DeviceDescription? exporterDevice, BufferLayout layout)
    {
        (Core, Id, Name, _exporter, _ops, _layout) = (core, id, name, exporter, operations, layout);
        Backing = new DmaBufBacking(core, Describe(), name, layout, exporterDevice);
        _lifecycle = new BufferLifecycle(this, Backing, core.Options.MigrationWaitTimeout);
        _inert = exporter is BuiltInExporter;
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

    public int ReferenceCount => _lifecycle.References;

    public bool IsReleased => _lifecycle.IsReleased;

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

    public void Get() => _lifecycle.Get();

    public void Put() => Drop("drop a reference");

    public DmaBufAttachment Attach(DeviceDescription device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var slot = _lifecycle.Attach(device, out var token, out var migrate);
        var attachment = new DmaBufAttachment(slot, token);
        var exporterKnows = false;
        try
        {
            if (Provides(DmaBufOperations.Attach))
            {
                _exporter.Attach(attachment);
            }

            exporterKnows = true;
            if (migrate && _lifecycle.StartMoveIfIdle() is { } move)
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
        bool done;
        while (true)
        {
            done = _lifecycle.PrepareMap(slot, token, direction, _inert, ref deadline, out var move);
            if (move is null)
            {
                break;
            }

            Move(move);
        }

        var mapping = slot.MappingHandle;
        if (done)
        {
            return mapping;
        }

        var succeeded = false;
        try
        {
            slot.CopyIn(Backing);
            _exporter.Map(mapping);
            succeeded = true;
        }
        finally
        {
            _lifecycle.FinishMap(slot, succeeded);
        }

        return mapping;
    }

    internal void UnmapSlot(AttachmentSlot slot, long mappingToken)
    {
        if (!_lifecycle.BeginUnmap(slot, mappingToken, _inert))
        {
            return;
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
                _lifecycle.FinishUnmap(slot);
            }
        }
    }

    internal void DetachSlot(AttachmentSlot slot, long token)
    {
        var callback = Provides(DmaBufOperations.Detach);
        if (_lifecycle.Detach(slot, token, callback))
        {
            Release();
        }
        else if (callback)
        {
            FinishDetach(slot, new DmaBufAttachment(slot, token), "detach", tellExporter: true);
        }
    }

    internal BufferStorage EnterCpu(string operation, bool vmap, out bool vmapFirst) =>
        _lifecycle.EnterCpu(operation, vmap, Provides(DmaBufOperations.Vmap), out vmapFirst);

    /// <summary>Ends a CPU user: drops its reference (the last one releases the buffer).</summary>
    internal void LeaveCpu(string operation) => Drop(operation, cpuUser: true);

    internal bool EnterVunmap() => _lifecycle.EnterVunmap(Provides(DmaBufOperations.Vunmap));

    internal void EndVmapTransition(bool undo) => _lifecycle.EndVmapTransition(undo);

    internal BufferInfo Info() => _lifecycle.Info();

    /// <summary>The copy of a migration the lifecycle started, outside the lock, then its publication; the mover's reference is dropped after.</summary>
    private void Move(BackingMove move)
    {
        var copied = false;
        try
        {
            Backing.Copy(move);
            copied = true;
        }
        finally
        {
            if (_lifecycle.FinishMove(move, copied))
            {
                Release();
            }
        }
    }

    /// <summary>The end of a detach (or of an attach given up): the exporter told, the slot back in the pool, the reference dropped.</summary>
    private void FinishDetach(AttachmentSlot slot, DmaBufAttachment attachment, string operation, bool tellExporter)
    {
        try
        {
            if (tellExporter && Provides(DmaBufOperations.Detach))
            {
                _exporter.Detach(attachment);
            }
        }
        finally
        {
            if (_lifecycle.FinishDetach(slot, operation))
            {
                Release();
            }
        }
    }

    /// <summary>Drops a reference; the last one releases the buffer.</summary>
    private void Drop(string operation, bool cpuUser = false)
    {
        if (_lifecycle.Drop(operation, cpuUser))
        {
            Release();
        }
    }

    /// <summary>After the last reference: the exporter's Release, then storage and placement are freed (invariant 7).</summary>
    private void Release()
    {
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
}
