namespace PluggableDmaBuf;

/// <summary>
/// A heap of the modelled memory: a named range of a zone from which buffers are placed, scattered or
/// contiguous, possibly local to one device. Heap names are part of the interface: <c>system</c>,
/// <c>system-dma32</c>, <c>cma</c> and <c>&lt;gpu&gt;-vram</c>.
/// </summary>
/// <remarks>Immutable; validated on construction. A plugin that owns device memory registers one
/// with <see cref="OwnerDevice"/> set; such a heap is reachable only by its owner and by devices
/// that list it in <see cref="DeviceDescription.Heaps"/> (peer access).</remarks>
public sealed class HeapDescription
{
    /// <summary>Creates a heap.</summary>
    /// <param name="name">The heap's unique name.</param>
    /// <param name="kind">Scattered or contiguous.</param>
    /// <param name="zone">The zone it lies in.</param>
    /// <param name="base">First address of the heap, inside the zone and page aligned.</param>
    /// <param name="size">Capacity in bytes, a positive multiple of the page size, inside the zone.</param>
    /// <param name="ownerDevice">The device it is local to, or <c>null</c> for system memory.</param>
    /// <exception cref="InvalidConstraintException">A value is malformed or the heap leaves its zone.</exception>
    public HeapDescription(string name, HeapKind kind, MemoryZone zone, ulong @base, long size, string? ownerDevice = null)
    {
        ArgumentNullException.ThrowIfNull(zone);
        if (string.IsNullOrWhiteSpace(name) || name.Any(char.IsWhiteSpace))
        {
            throw new InvalidConstraintException("name", $"'{name}' must be a non-empty name without white space");
        }

        if (!Enum.IsDefined(kind))
        {
            throw new InvalidConstraintException("kind", $"{kind} is not a heap kind");
        }

        if (size <= 0 || size % DeviceDescription.PageSize != 0)
        {
            throw new InvalidConstraintException("size", $"{size} is not a positive multiple of {DeviceDescription.PageSize}");
        }

        if (@base % DeviceDescription.PageSize != 0)
        {
            throw new InvalidConstraintException("base", $"0x{@base:x} is not page aligned");
        }

        if (@base < zone.Base || @base + (ulong)size - 1 > zone.Last || @base + (ulong)size < @base)
        {
            throw new InvalidConstraintException("size", $"{size} bytes at 0x{@base:x} do not fit zone {zone}");
        }

        if (ownerDevice is not null && string.IsNullOrWhiteSpace(ownerDevice))
        {
            throw new InvalidConstraintException("ownerDevice", "must not be empty when given");
        }

        Name = name;
        Kind = kind;
        Zone = zone;
        Base = @base;
        Size = size;
        OwnerDevice = ownerDevice;
    }

    /// <summary>The heap's name.</summary>
    public string Name { get; }

    /// <summary>Scattered or contiguous.</summary>
    public HeapKind Kind { get; }

    /// <summary>The zone it lies in.</summary>
    public MemoryZone Zone { get; }

    /// <summary>First address.</summary>
    public ulong Base { get; }

    /// <summary>Capacity in bytes.</summary>
    public long Size { get; }

    /// <summary>
    /// The heap's last byte address (<see cref="Base"/> + <see cref="Size"/> − 1): a device without
    /// IOMMU reaches every page of the heap when its address limit is at least this, whatever the rest
    /// of the heap's <see cref="Zone"/> spans.
    /// </summary>
    public ulong Last => Base + (ulong)Size - 1;

    /// <summary>The device this heap is local to, or <c>null</c>.</summary>
    public string? OwnerDevice { get; }

    /// <summary>Whether this heap is local to a device.</summary>
    public bool IsDeviceLocal => OwnerDevice is not null;

    /// <summary>Returns a copy with another capacity, keeping the base (used by memory-map overrides).</summary>
    /// <param name="size">The new capacity.</param>
    public HeapDescription WithSize(long size) => new(Name, Kind, Zone, Base, size, OwnerDevice);

    /// <inheritdoc />
    public override string ToString() => Name;
}
