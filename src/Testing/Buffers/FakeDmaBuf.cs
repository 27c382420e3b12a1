using PluggableDmaBuf.Testing.Fences;
using PluggableDmaBuf.Testing.Memory;

namespace PluggableDmaBuf.Testing.Buffers;

/// <summary>
/// An in-memory buffer with real bytes that keeps the lifecycle rules: references, attachments in
/// reused slots with fresh tokens, one cached mapping per attachment, placement at the first map
/// (or at once for an allocated buffer), release exactly once, CPU access between begin and end
/// after waiting for the reservation's fences, counted vmaps. The exporter's callbacks run outside
/// the buffer's lock, in the order the contract gives.
/// </summary>
internal sealed class FakeDmaBuf : IDmaBuf
{
    private readonly object _gate = new();
    private readonly object _vmapGate = new();
    private readonly FakeDmaBufFactory _factory;
    private readonly DmaBufExporter? _exporter;
    private readonly DmaBufOperations _operations;
    private readonly DeviceDescription? _exporterDevice;
    private readonly List<FakeAttachmentSlot> _slots = [];
    private readonly bool _strict;
    private byte[] _bytes;
    private HeapSpace? _space;
    private ulong _address;
    private NegotiatedPlacement? _placement;
    private long _nextToken;
    private int _references = 1;
    private bool _released;
    private int _cpuAccesses;
    private int _views;
    private int _vmaps;

    public FakeDmaBuf(FakeDmaBufFactory factory, long id, string name, DmaBufExporter? exporter, string exporterName, long size,
        PixelFormat? format, string? modifier, int width, int height, IReadOnlyList<PlaneLayout> planes, DeviceDescription? exporterDevice,
        bool strict)
    {
        _factory = factory;
        Id = id;
        Name = name;
        _exporter = exporter;
        _operations = exporter?.Operations ?? DmaBufOperations.None;
        Exporter = exporterName;
        Size = size;
        Format = format;
        Modifier = modifier;
        Width = width;
        Height = height;
        Planes = planes;
        _exporterDevice = exporterDevice;
        _strict = strict;
        _bytes = size > Array.MaxLength
            ? throw new BufferStorageException($"buffer {name}: the fake keeps bytes in one array, at most {Array.MaxLength} bytes, not {size}")
            : new byte[size];
        Reservation = new FakeReservation(factory.Fences);
    }

    public IDmaReservation Reservation { get; }

    public long Id { get; }

    public string Name { get; }

    public long Size { get; }

    public string Exporter { get; }

    public NegotiatedPlacement? Placement
    {
        get
        {
            lock (_gate)
            {
                return _placement;
            }
        }
    }

    public PixelFormat? Format { get; }

    public string? Modifier { get; }

    public int Width { get; }

    public int Height { get; }

    public IReadOnlyList<PlaneLayout> Planes { get; }

    public int ReferenceCount
    {
        get
        {
            lock (_gate)
            {
                return _references;
            }
        }
    }

    public bool IsReleased
    {
        get
        {
            lock (_gate)
            {
                return _released;
            }
        }
    }

    internal byte[] Storage => _bytes;

    /// <summary>What is still held, for leak reports; empty once released.</summary>
    internal string? DescribeHeld()
    {
        lock (_gate)
        {
            if (_released)
            {
                return null;
            }

            var attached = _slots.Where(s => s.AttachToken != 0).Select(s => s.Device!.Name + (s.MapCount > 0 ? $" (mapped {s.Direction} ×{s.MapCount})" : "")).ToArray();
            return $"buffer {Id} ({Name}) from {Exporter}: {_references} reference(s)" +
                (attached.Length > 0 ? $", attached to {string.Join(", ", attached)}" : "") +
                (_cpuAccesses > 0 ? $", {_cpuAccesses} CPU access(es) not ended" : "") +
                (_views > 0 ? $", {_views} view(s) not disposed" : "");
        }
    }

    /// <summary>Places the buffer at once (an allocation): called by the factory before anyone sees it.</summary>
    internal void PlaceNow(NegotiatedPlacement placement, HeapSpace space, ulong address)
    {
        (_placement, _space, _address) = (placement, space, address);
    }

    public void Get()
    {
        lock (_gate)
        {
            ThrowIfReleasedLocked("get");
            _references++;
        }
    }

    public void Put()
    {
        lock (_gate)
        {
            ThrowIfReleasedLocked("put");
            if (--_references > 0)
            {
                return;
            }

            _released = true;
        }

        try
        {
            if (_exporter is not null)
            {
                _exporter.Release(this);
            }
        }
        finally
        {
            if (_space is not null)
            {
                _space.Give(_address);
            }

            _bytes = [];
            _factory.OnReleased(this);
        }
    }

    public DmaBufAttachment Attach(DeviceDescription device)
    {
        ArgumentNullException.ThrowIfNull(device);
        FakeAttachmentSlot slot;
        long token;
        lock (_gate)
        {
            ThrowIfReleasedLocked("attach");

            // The layout was fixed at export: an importer that needs another is refused, never given a buffer it cannot read.
            if (Format is not null && device.Formats is not null && !device.Accepts(Format, Modifier!))
            {
                throw new BufferPlacementConflictException(new NegotiationConflict(ConstraintKind.Format, [device.Name],
                    $"{device.Name} cannot attach buffer {Id} ({Name}): it does not take {Format} with modifier {Modifier}"));
            }

            if (_placement is { } placement)
            {
                CheckReachLocked(device, placement);
            }

            slot = _slots.Find(s => s.AttachToken == 0) ?? Add(new FakeAttachmentSlot(this));
            token = slot.AttachToken = ++_nextToken;
            slot.Device = device;
            _references++;
        }

        var attachment = new DmaBufAttachment(slot, token);
        if (Has(DmaBufOperations.Attach))
        {
            try
            {
                _exporter!.Attach(attachment);
            }
            catch
            {
                lock (_gate)
                {
                    slot.AttachToken = 0;
                    slot.Device = null;
                }

                Put();
                throw;
            }
        }

        return attachment;
    }

    public IDmaBufCpuAccess BeginCpuAccess(CpuAccessMode mode)
    {
        if (mode is not (CpuAccessMode.Read or CpuAccessMode.Write or CpuAccessMode.ReadWrite))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "read, write or both");
        }

        Get();
        try
        {
            Touched("a CPU access");
            if ((mode & CpuAccessMode.Write) != 0)
            {
                Reservation.WaitForCpuWrite();
            }
            else
            {
                Reservation.WaitForCpuRead();
            }

            if (Has(DmaBufOperations.BeginCpuAccess))
            {
                _exporter!.BeginCpuAccess(this, mode);
            }
        }
        catch
        {
            Put();
            throw;
        }

        lock (_gate)
        {
            _cpuAccesses++;
        }

        return new FakeCpuAccess(this, mode, _strict);
    }

    internal void EndCpuAccess(CpuAccessMode mode)
    {
        lock (_gate)
        {
            _cpuAccesses--;
        }

        try
        {
            if (Has(DmaBufOperations.EndCpuAccess))
            {
                _exporter!.EndCpuAccess(this, mode);
            }
        }
        finally
        {
            Put();
        }
    }

    public IDmaBufView Vmap()
    {
        Get();
        try
        {
            lock (_vmapGate)
            {
                // The exporter is asked on 0→1 only; one vmap or vunmap at a time.
                if (_vmaps == 0 && Has(DmaBufOperations.Vmap))
                {
                    _exporter!.Vmap(this);
                }

                _vmaps++;
            }
        }
        catch
        {
            Put();
            throw;
        }

        lock (_gate)
        {
            _views++;
        }

        return new FakeView(this, vmap: true, _strict);
    }

    public IDmaBufView Mmap()
    {
        Get();
        try
        {
            if (Has(DmaBufOperations.Mmap))
            {
                _exporter!.Mmap(this);
            }
        }
        catch
        {
            Put();
            throw;
        }

        lock (_gate)
        {
            _views++;
        }

        return new FakeView(this, vmap: false, _strict);
    }

    internal void Unview(bool vmap)
    {
        lock (_gate)
        {
            _views--;
        }

        try
        {
            if (vmap)
            {
                lock (_vmapGate)
                {
                    if (--_vmaps == 0 && Has(DmaBufOperations.Vunmap))
                    {
                        _exporter!.Vunmap(this);
                    }
                }
            }
        }
        finally
        {
            Put();
        }
    }

    internal void CheckView(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset + length > Size)
        {
            throw new CpuAccessException($"a view of {length} bytes at {offset} leaves buffer {Id} ({Name}), which holds {Size} bytes");
        }
    }

    internal Span<byte> Bytes(long offset, int length) => _bytes.AsSpan((int)offset, length);

    internal void Touched(string how) => _factory.Guard.Check(this, how);

    internal DeviceDescription GetDevice(FakeAttachmentSlot slot, long token)
    {
        lock (_gate)
        {
            return LiveAttachmentLocked(slot, token, "ask the device of").Device!;
        }
    }

    internal bool IsAttached(FakeAttachmentSlot slot, long token)
    {
        lock (_gate)
        {
            return !_released && token != 0 && slot.AttachToken == token;
        }
    }

    internal bool IsMapped(FakeAttachmentSlot slot, long token)
    {
        lock (_gate)
        {
            return !_released && token != 0 && slot.AttachToken == token && slot.MapCount > 0;
        }
    }

    internal DmaBufMapping Map(FakeAttachmentSlot slot, long token, DmaDirection direction)
    {
        if (direction is not (DmaDirection.ToDevice or DmaDirection.FromDevice or DmaDirection.Bidirectional))
        {
            throw new ArgumentOutOfRangeException(nameof(direction), direction, "to-device, from-device or bidirectional");
        }

        long mappingToken;
        lock (_gate)
        {
            LiveAttachmentLocked(slot, token, "map");
            if (slot.MapCount > 0)
            {
                if (slot.Direction != direction && slot.Direction != DmaDirection.Bidirectional)
                {
                    throw new DirectionConflictException(Id, slot.Device!.Name, slot.Direction, direction);
                }

                slot.MapCount++;
                return new DmaBufMapping(slot, slot.MapToken);
            }

            _placement ??= PlaceLocked();
            slot.Segments = SegmentsLocked(slot.Device!);
            slot.Direction = direction;
            slot.MapCount = 1;
            mappingToken = slot.MapToken = ++_nextToken;
        }

        var mapping = new DmaBufMapping(slot, mappingToken);
        if (_exporter is not null)
        {
            try
            {
                _exporter.Map(mapping);
            }
            catch
            {
                lock (_gate)
                {
                    (slot.MapCount, slot.MapToken, slot.Segments) = (0, 0, []);
                }

                throw;
            }
        }

        return mapping;
    }

    internal void Unmap(FakeAttachmentSlot slot, long mappingToken)
    {
        lock (_gate)
        {
            LiveMappingLocked(slot, mappingToken, "unmap");
            if (--slot.MapCount > 0)
            {
                return;
            }
        }

        try
        {
            // The mapping stays readable during the callback: its token is dropped afterwards.
            _exporter?.Unmap(new DmaBufMapping(slot, mappingToken));
        }
        finally
        {
            lock (_gate)
            {
                (slot.MapToken, slot.Segments) = (0, []);
            }
        }
    }

    internal void Detach(FakeAttachmentSlot slot, long token)
    {
        lock (_gate)
        {
            LiveAttachmentLocked(slot, token, "detach");
            if (slot.MapCount > 0 || slot.MapToken != 0)
            {
                throw new BufferStateException(
                    $"{slot.Device!.Name} cannot detach from buffer {Id} ({Name}) while mapped {slot.Direction} ({slot.MapCount} map(s)): unmap first");
            }
        }

        try
        {
            if (Has(DmaBufOperations.Detach))
            {
                _exporter!.Detach(new DmaBufAttachment(slot, token));
            }
        }
        finally
        {
            lock (_gate)
            {
                (slot.AttachToken, slot.Device) = (0, null);
            }

            Put();
        }
    }

    internal DmaBufAttachment GetAttachment(FakeAttachmentSlot slot, long mappingToken)
    {
        lock (_gate)
        {
            LiveMappingLocked(slot, mappingToken, "ask the attachment of");
            return new DmaBufAttachment(slot, slot.AttachToken);
        }
    }

    internal DmaDirection GetDirection(FakeAttachmentSlot slot, long mappingToken)
    {
        lock (_gate)
        {
            LiveMappingLocked(slot, mappingToken, "ask the direction of");
            return slot.Direction;
        }
    }

    internal IReadOnlyList<SgSegment> GetSegments(FakeAttachmentSlot slot, long mappingToken)
    {
        lock (_gate)
        {
            LiveMappingLocked(slot, mappingToken, "read the table of");
            return slot.Segments;
        }
    }

    internal Span<byte> GetSegment(FakeAttachmentSlot slot, long mappingToken, int index)
    {
        SgSegment segment;
        lock (_gate)
        {
            LiveMappingLocked(slot, mappingToken, "reach the bytes of");
            if ((uint)index >= (uint)slot.Segments.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"the mapping has {slot.Segments.Length} segment(s)");
            }

            segment = slot.Segments[index];
        }

        Touched("a device mapping");
        return _bytes.AsSpan((int)segment.Offset, (int)segment.Length);
    }

    private FakeAttachmentSlot Add(FakeAttachmentSlot slot)
    {
        _slots.Add(slot);
        return slot;
    }

    private bool Has(DmaBufOperations operation) => (_operations & operation) != 0;

    private FakeAttachmentSlot LiveAttachmentLocked(FakeAttachmentSlot slot, long token, string operation)
    {
        ThrowIfReleasedLocked(operation);
        return token != 0 && slot.AttachToken == token
            ? slot
            : throw new BufferStateException($"cannot {operation} buffer {Id} ({Name}) through a stale attachment: it was detached");
    }

    private void LiveMappingLocked(FakeAttachmentSlot slot, long mappingToken, string operation)
    {
        ThrowIfReleasedLocked(operation);
        if (mappingToken == 0 || slot.MapToken != mappingToken)
        {
            throw new BufferStateException($"cannot {operation} a mapping of buffer {Id} ({Name}): it was unmapped");
        }
    }

    private void ThrowIfReleasedLocked(string operation)
    {
        if (_released)
        {
            throw new BufferReleasedException(Id, Name, operation);
        }
    }

    /// <summary>The first map of an exported buffer: a heap every attached device (and the exporting one) reaches.</summary>
    private NegotiatedPlacement PlaceLocked()
    {
        DeviceDescription[] devices = [.. new[] { _exporterDevice }.OfType<DeviceDescription>()
            .Concat(_slots.Where(s => s.AttachToken != 0).Select(s => s.Device!)).DistinctBy(d => d.Name)];
        var limits = FakeNegotiator.Limits.Of(devices);
        // As the negotiation orders heaps: a participant's own heaps first, then the shared ones.
        var ordered = _factory.Spaces.Where(s => s.Heap.OwnerDevice is { } owner && devices.Any(d => d.Name == owner))
            .Concat(_factory.Spaces.Where(s => !s.Heap.IsDeviceLocal));
        foreach (var space in ordered)
        {
            var heap = FakeNegotiator.ChooseHeap(devices, [space.Heap], limits, Size, _factory.LargestFreeBlock, out _);
            if (heap is not null && space.TryTake(Size, limits.Alignment, limits.AddressLimit ?? ulong.MaxValue) is { } address)
            {
                (_space, _address) = (space, address);
                return new NegotiatedPlacement(heap, Size, limits.Alignment, limits.MaxSegments, limits.MaxSegmentSize, limits.AddressLimit,
                    Format, Modifier, Width, Height, Planes);
            }
        }

        FakeNegotiator.ChooseHeap(devices, _factory.Heaps, limits, Size, _factory.LargestFreeBlock, out var conflict);
        throw new BufferPlacementConflictException(conflict ?? new NegotiationConflict(ConstraintKind.Heap, devices.Select(d => d.Name),
            $"no heap has a free {Size}-byte range for buffer {Id} ({Name})"));
    }

    /// <summary>Invariant 5: a device that cannot reach a placed buffer is refused, naming itself, the constraint and the placement.</summary>
    private void CheckReachLocked(DeviceDescription device, NegotiatedPlacement placement)
    {
        if (!device.CanReach(placement.Heap))
        {
            throw new BufferPlacementConflictException(new NegotiationConflict(ConstraintKind.Heap, [device.Name],
                $"{device.Name} cannot reach heap {placement.Heap.Name}, where buffer {Id} ({Name}) is placed ({placement})"));
        }

        if (!device.HasIommu && _address + (ulong)Size - 1 > device.AddressLimit)
        {
            throw new BufferPlacementConflictException(new NegotiationConflict(ConstraintKind.Address, [device.Name],
                $"{device.Name} reaches addresses up to 0x{device.AddressLimit:x}; buffer {Id} ({Name}) lies at 0x{_address:x} in {placement.Heap.Name}"));
        }

        var length = FakeNegotiator.SegmentLength(placement.Heap, Size, device.MaxSegmentSize);
        if (!device.HasIommu && device.MaxSegments is { } count && (Size + length - 1) / length > count)
        {
            throw new BufferPlacementConflictException(new NegotiationConflict(ConstraintKind.Segments, [device.Name],
                $"{device.Name} takes at most {count} segment(s); buffer {Id} ({Name}) in {placement.Heap.Name} needs {(Size + length - 1) / length}"));
        }
    }

    /// <summary>The table as the device sees the buffer: one IO-virtual range behind an IOMMU, else physical ranges (a page each on a scattered heap) split by its segment size.</summary>
    private SgSegment[] SegmentsLocked(DeviceDescription device)
    {
        CheckReachLocked(device, _placement!);
        if (device.HasIommu)
        {
            return [new SgSegment(DeviceDescription.PageSize, Size, 0)];
        }

        var most = FakeNegotiator.SegmentLength(_placement!.Heap, Size, device.MaxSegmentSize);
        var segments = new List<SgSegment>();
        for (long offset = 0; offset < Size; offset += most)
        {
            segments.Add(new SgSegment(_address + (ulong)offset, Math.Min(most, Size - offset), offset));
        }

        return [.. segments];
    }

    public override string ToString() => $"buffer {Id} ({Name})";
}
