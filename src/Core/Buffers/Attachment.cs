using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// A device attached to a <see cref="DmaBuf"/>. State changes go through the buffer, under its
/// lock. Recycled by the buffer after detach (unless strict), together with its mapping object.
/// </summary>
internal sealed class Attachment : IDmaBufAttachment
{
    internal Attachment(DmaBuf owner)
    {
        Owner = owner;
        Mapping = new Mapping(this);
    }

    public IDmaBuf Buffer => Owner;

    public DeviceDescription Device { get; private set; } = null!;

    public bool IsAttached => Volatile.Read(ref Attached);

    public bool IsMapped => Volatile.Read(ref MapCount) > 0;

    internal DmaBuf Owner { get; }

    internal Mapping Mapping { get; }

    /// <summary>The device's IO-virtual address space, for a device behind an IOMMU.</summary>
    internal IovaAllocator? Iova { get; private set; }

    // Fields rather than properties: the buffer updates them under its lock and Volatile reads them.
    internal bool Attached;
    internal int MapCount;
    internal DmaDirection Direction;

    public IDmaBufMapping Map(DmaDirection direction) => Owner.MapAttachment(this, direction);

    public void Detach() => Owner.DetachAttachment(this);

    internal void Reset(DeviceDescription device, IovaAllocator? iova)
    {
        Device = device;
        Iova = iova;
        MapCount = 0;
        Direction = default;
        Attached = true;
    }

    public override string ToString() => $"{Device?.Name} on {Owner.Describe()}";
}
