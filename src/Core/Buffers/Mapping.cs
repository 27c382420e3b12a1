using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// The mapping of one <see cref="Attachment"/>: builds the scatter-gather table the device sees —
/// an IO-virtual range behind an IOMMU, physical segments within the device's limits otherwise, or a
/// bounce buffer in <c>dma32</c> when its mask cannot reach the buffer — and tears it down. Built
/// and torn down by the buffer under its lock; one object per attachment, reused.
/// </summary>
internal sealed class Mapping : IDmaBufMapping
{
    private readonly Attachment _attachment;
    private readonly SgTable _table = new();
    private BounceBuffer? _bounce;
    private ulong _iova;
    private bool _hasIova;
    private volatile bool _active;

    internal Mapping(Attachment attachment) => _attachment = attachment;

    public IDmaBufAttachment Attachment => _attachment;

    public DmaDirection Direction => _attachment.Direction;

    public IReadOnlyList<SgSegment> Segments => _table;

    public bool IsBounced => _bounce is not null;

    public Span<byte> Segment(int index)
    {
        if (!_active)
        {
            ThrowHelper.State($"{_attachment.Owner.Describe()}: the mapping of {_attachment.Device.Name} has been unmapped");
        }

        var segment = _table[index];
        if (segment.Length > int.MaxValue)
        {
            ThrowHelper.Ended(_attachment.Owner, $"segment {index} ({segment.Length} bytes) is larger than a span can hold");
        }

        var storage = _bounce?.Storage ?? _attachment.Owner.Storage!;
        return storage.Span(segment.Offset, (int)segment.Length);
    }

    public void Unmap() => _attachment.Owner.UnmapAttachment(_attachment);

    /// <summary>Builds the table for <paramref name="direction"/>; on failure nothing is left allocated.</summary>
    internal void Build(DmaDirection direction)
    {
        var buffer = _attachment.Owner;
        var device = _attachment.Device;
        _table.Clear();
        if (device.HasIommu)
        {
            var alignment = Math.Max(DeviceDescription.PageSize, device.Alignment);
            if (!_attachment.Iova!.TryAllocate(buffer.Size, alignment, out var address))
            {
                throw new BufferPlacementConflictException(new NegotiationConflict(ConstraintKind.Address, [device.Name],
                    $"{device.Name} cannot map {buffer.Describe()}: its IO-virtual space below 0x{device.AddressLimit:x} has no free range of {buffer.Size} bytes"));
            }

            _iova = address;
            _hasIova = true;
            _table.Add(new SgSegment(address, buffer.Size, 0));
        }
        else
        {
            var physical = buffer.Physical!;
            if (physical.Highest > device.AddressLimit)
            {
                _bounce = BounceBuffer.Create(buffer, device);
                AddSegments(_bounce.Placement, device);
                if (direction is DmaDirection.ToDevice or DmaDirection.Bidirectional)
                {
                    buffer.Storage!.CopyTo(_bounce.Storage, buffer.Size);
                    buffer.CountBounce(buffer.Size);
                }
            }
            else
            {
                AddSegments(physical, device);
            }

            if (device.MaxSegments is { } max && _table.Count > max)
            {
                var count = _table.Count;
                Teardown(DmaDirection.ToDevice);
                throw new BufferPlacementConflictException(new NegotiationConflict(ConstraintKind.Segments, [device.Name],
                    $"{device.Name} cannot map {buffer.Describe()}: it takes at most {max} segments without IOMMU, the placement gives {count}"));
            }
        }

        _active = true;
    }

    /// <summary>Undoes <see cref="Build"/>: copies a bounce buffer back when the device wrote, frees it and the IO-virtual range.</summary>
    internal void Teardown(DmaDirection direction)
    {
        _active = false;
        var buffer = _attachment.Owner;
        if (_bounce is { } bounce)
        {
            _bounce = null;
            try
            {
                if (direction is DmaDirection.FromDevice or DmaDirection.Bidirectional)
                {
                    bounce.Storage.CopyTo(buffer.Storage!, buffer.Size);
                    buffer.CountBounce(buffer.Size);
                }
            }
            finally
            {
                bounce.Free();
            }
        }

        if (_hasIova)
        {
            _hasIova = false;
            _attachment.Iova!.Free(_iova);
        }
    }

    private void AddSegments(PhysicalPlacement placement, DeviceDescription device)
    {
        var limit = device.MaxSegmentSize ?? long.MaxValue;
        long offset = 0;
        foreach (var run in placement.Runs)
        {
            var address = run.Address;
            var remaining = Math.Min(run.Length, placement.Size - offset);
            while (remaining > 0)
            {
                var length = Math.Min(remaining, limit);
                _table.Add(new SgSegment(address, length, offset));
                address += (ulong)length;
                offset += length;
                remaining -= length;
            }
        }
    }
}
