using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// One attachment of a <see cref="DmaBuf"/> and its mapping: the state behind the
/// <see cref="DmaBufAttachment"/> and <see cref="DmaBufMapping"/> handles. Pooled by the buffer, so a
/// steady cycle allocates nothing; every attach and every first map gives it a token never given
/// before (one counter per slot), and every call through a handle checks its token first, so a stale
/// handle fails instead of acting on a later attach that reuses the slot.
/// </summary>
/// <remarks>
/// The state changes in the <c>...Locked</c> members, which <see cref="BufferLifecycle"/> calls under the buffer's lock. Between
/// <see cref="BeginMapLocked"/> and <see cref="CompleteMapLocked"/>, and between
/// <see cref="EndMapLocked"/> and <see cref="FinishUnmapLocked"/>, the slot is in a transition that
/// belongs to the one thread doing it (<see cref="SlotPhase"/>): that thread alone runs the bounce
/// copies, outside the lock. The token checks of the queries read without the lock.
/// A detached slot keeps its device, the device's IO-virtual space and the placement the device was
/// found to reach directly: the buffer gives the slot back to the next attach of the same device, which
/// then skips the checks whose verdict cannot have changed (a device and a buffer's layout are
/// immutable, a placement is replaced, never changed), as a pipeline's steady cycle does every frame.
/// </remarks>
internal sealed class AttachmentSlot : IDmaBufAttachmentSource
{
    private readonly DmaBuf _owner;
    private readonly SgTable _table = new();
    private DeviceDescription? _device;
    private IovaAllocator? _iova;
    // The placement _device was found to reach directly (its layout accepted too), or null: the reach check's memo.
    private PhysicalPlacement? _reachedDirectly;
    private long _lastToken;
    private long _lastAttach;
    private long _attachToken;
    private long _mapToken;
    private int _mapCount;
    private DmaDirection _direction;
    private BounceBuffer? _bounce;
    private ulong _iovaAddress;
    private bool _hasIova;

    internal AttachmentSlot(DmaBuf owner) => _owner = owner;

    public IDmaBuf Buffer => _owner;

    /// <summary>The attached device (the owner reads it under its lock).</summary>
    internal DeviceDescription Device => _device!;

    internal SlotPhase Phase { get; private set; }

    internal int MapCount => _mapCount;

    internal DmaDirection Direction => _direction;

    internal DmaBufMapping MappingHandle => new(this, _mapToken);

    internal bool IsBouncedLocked => _bounce is not null;

    /// <summary>Whether the slot last served <paramref name="device"/>, the very object (under the owner's lock): then its memos are that device's.</summary>
    internal bool Served(DeviceDescription device) => ReferenceEquals(_device, device);

    /// <summary>Whether the device the slot last served was found to reach <paramref name="physical"/> directly, its layout accepted (under the owner's lock).</summary>
    internal bool ReachesDirectly(PhysicalPlacement? physical) => physical is not null && ReferenceEquals(_reachedDirectly, physical);

    /// <summary>The IO-virtual space of the device the slot last served (under the owner's lock).</summary>
    internal IovaAllocator? Iova => _iova;

    public DeviceDescription GetDevice(long token)
    {
        var device = Volatile.Read(ref _device);
        if (!IsAttached(token))
        {
            ThrowHelper.Detached(_owner, "read the device of", DeviceOf(token));
        }

        return device!;
    }

    public bool IsAttached(long token) => token != 0 && Volatile.Read(ref _attachToken) == token;

    public bool IsMapped(long token) => IsAttached(token) && Volatile.Read(ref _mapCount) > 0;

    public DmaBufMapping Map(long token, DmaDirection direction) => _owner.MapSlot(this, token, direction);

    public void Detach(long token) => _owner.DetachSlot(this, token);

    public DmaBufAttachment GetAttachment(long mappingToken)
    {
        var attachToken = Volatile.Read(ref _attachToken);
        CheckMapping(mappingToken);
        return new DmaBufAttachment(this, attachToken);
    }

    public DmaDirection GetDirection(long mappingToken)
    {
        var direction = _direction;
        CheckMapping(mappingToken);
        return direction;
    }

    public IReadOnlyList<SgSegment> GetSegments(long mappingToken)
    {
        CheckMapping(mappingToken);
        return _table;
    }

    public bool IsBounced(long mappingToken)
    {
        var bounced = Volatile.Read(ref _bounce) is not null;
        CheckMapping(mappingToken);
        return bounced;
    }

    public Span<byte> GetSegment(long mappingToken, int index)
    {
        CheckMapping(mappingToken);
        var segment = _table[index];
        if (segment.Length > int.MaxValue)
        {
            ThrowHelper.Ended(_owner, $"segment {index} ({segment.Length} bytes) is larger than a span can hold");
        }

        var storage = Volatile.Read(ref _bounce)?.Storage ?? _owner.Backing.Storage!;
        return storage.Span(segment.Offset, (int)segment.Length);
    }

    public void Unmap(long mappingToken) => _owner.UnmapSlot(this, mappingToken);

    public override string ToString() => $"{_device?.Name} on {_owner.Describe()}";

    /// <summary>
    /// The device a token (of an attachment, or of a mapping) was given for, while the slot still
    /// knows it — the token belongs to the slot's latest attach — for the message of a stale handle.
    /// Tokens come from one counter, so a token at or after the latest attach's belongs to it.
    /// </summary>
    internal DeviceDescription? DeviceOf(long token) => token != 0 && token >= Volatile.Read(ref _lastAttach) ? Volatile.Read(ref _device) : null;

    /// <summary>Whether <paramref name="token"/> is the live attachment (under the owner's lock).</summary>
    internal bool Holds(long token) => token != 0 && _attachToken == token;

    /// <summary>Whether <paramref name="mappingToken"/> is the live mapping (under the owner's lock).</summary>
    internal bool HoldsMapping(long mappingToken) => mappingToken != 0 && _mapToken == mappingToken;

    /// <summary>
    /// The slot's part of a map decision: throws for a stale or detaching handle and for a conflicting
    /// direction; <see cref="SlotPhase.Mapped"/> counts one more map of the cached mapping; a transition
    /// in progress is for the caller to wait out; otherwise the caller builds a fresh mapping.
    /// </summary>
    internal SlotPhase CheckMapLocked(long token, DmaDirection direction)
    {
        if (!Holds(token))
        {
            ThrowHelper.Detached(_owner, "map", DeviceOf(token));
        }

        if (Phase == SlotPhase.Detaching)
        {
            ThrowHelper.Detaching(_owner, "map", _device!);
        }

        if (Phase == SlotPhase.Mapped)
        {
            if (_direction != direction && _direction != DmaDirection.Bidirectional)
            {
                ThrowHelper.Direction(_owner, _device!, _direction, direction);
            }

            AddMapLocked();
        }

        return Phase;
    }

    /// <summary>Gives the slot to <paramref name="device"/>; <paramref name="direct"/>: the placement it was just found to reach directly.</summary>
    internal long AttachLocked(DeviceDescription device, IovaAllocator? iova, PhysicalPlacement? direct)
    {
        _reachedDirectly = direct;
        Volatile.Write(ref _device, device);
        _iova = iova;
        _mapCount = 0;
        Phase = SlotPhase.Idle;
        var token = ++_lastToken;
        _lastAttach = token;
        Volatile.Write(ref _attachToken, token);
        return token;
    }

    internal void BeginDetachLocked() => Phase = SlotPhase.Detaching;

    internal void DetachLocked()
    {
        Volatile.Write(ref _attachToken, 0);
        Phase = SlotPhase.Idle;
    }

    /// <summary>
    /// Builds the table of the attachment's first map — an IO-virtual range behind an IOMMU; without
    /// one, the placement's segments, or a bounce buffer's when the device's mask cannot reach it — and
    /// gives the mapping its token. No copy: the bounce copy in is <see cref="CopyIn"/>'s. On failure
    /// nothing is left allocated.
    /// </summary>
    internal void BeginMapLocked(DmaDirection direction, DmaBufBacking backing, long size)
    {
        var device = _device!;
        _table.Clear();
        if (device.HasIommu)
        {
            var alignment = Math.Max(DeviceDescription.PageSize, device.Alignment);
            if (!_iova!.TryAllocate(size, alignment, out var address))
            {
                throw backing.MapRefused(ConstraintKind.Address, device,
                    $"its IO-virtual space below 0x{device.AddressLimit:x} has no free range of {size} bytes");
            }

            (_iovaAddress, _hasIova) = (address, true);
            _table.Add(new SgSegment(address, size, 0));
        }
        else
        {
            var physical = backing.Physical;
            var reach = ReachesDirectly(physical) ? Negotiation.Reach.Direct : backing.Reach(device);
            if (reach.Kind == Negotiation.ReachKind.Direct)
            {
                _reachedDirectly = physical;
            }
            else if (reach.Kind == Negotiation.ReachKind.Unreachable)
            {
                throw backing.MapRefused(device, reach);
            }

            if (reach.Kind == Negotiation.ReachKind.Bounce)
            {
                var bounce = backing.CreateBounce(device);
                Volatile.Write(ref _bounce, bounce);
                _table.AddRuns(bounce.Placement, device.MaxSegmentSize);
            }
            else
            {
                backing.AddSegments(_table, device);
            }

            if (device.MaxSegments is { } max && _table.Count > max)
            {
                var count = _table.Count;
                Teardown();
                throw backing.MapRefused(ConstraintKind.Segments, device,
                    $"it takes at most {max} segments without IOMMU, the placement gives {count}");
            }
        }

        _direction = direction;
        Phase = SlotPhase.Mapping;
        Volatile.Write(ref _mapToken, ++_lastToken);
    }

    /// <summary>The bounce copy of a first map, for a device that reads; outside the lock, by the mapping thread.</summary>
    internal void CopyIn(DmaBufBacking backing)
    {
        if (_bounce is { } bounce && _direction is DmaDirection.ToDevice or DmaDirection.Bidirectional)
        {
            backing.BounceIn(bounce);
        }
    }

    internal void CompleteMapLocked()
    {
        Volatile.Write(ref _mapCount, 1);
        Phase = SlotPhase.Mapped;
    }

    /// <summary>Undoes <see cref="BeginMapLocked"/> after the exporter refused the map.</summary>
    internal void AbandonMapLocked()
    {
        Teardown();
        Volatile.Write(ref _mapToken, 0);
        Phase = SlotPhase.Idle;
    }

    internal void AddMapLocked() => Volatile.Write(ref _mapCount, _mapCount + 1);

    /// <summary>Undoes one map; returns whether it was the last, which starts the unmap transition.</summary>
    internal bool EndMapLocked()
    {
        Volatile.Write(ref _mapCount, _mapCount - 1);
        if (_mapCount > 0)
        {
            return false;
        }

        Phase = SlotPhase.Unmapping;
        return true;
    }

    /// <summary>The bounce copy back of a last unmap, for a device that wrote; outside the lock, by the unmapping thread.</summary>
    internal void CopyOut(DmaBufBacking backing)
    {
        if (_bounce is { } bounce && _direction is DmaDirection.FromDevice or DmaDirection.Bidirectional)
        {
            backing.BounceOut(bounce);
        }
    }

    internal void FinishUnmapLocked()
    {
        Volatile.Write(ref _mapToken, 0);
        Teardown();
        Phase = SlotPhase.Idle;
    }

    private void CheckMapping(long mappingToken)
    {
        if (mappingToken == 0 || Volatile.Read(ref _mapToken) != mappingToken)
        {
            ThrowHelper.Unmapped(_owner, "use", DeviceOf(mappingToken));
        }
    }

    /// <summary>Frees the bounce buffer and the IO-virtual range of a mapping.</summary>
    private void Teardown()
    {
        if (_bounce is { } bounce)
        {
            Volatile.Write(ref _bounce, null);
            bounce.Free();
        }

        if (_hasIova)
        {
            _hasIova = false;
            _iova!.Free(_iovaAddress);
        }
    }
}
