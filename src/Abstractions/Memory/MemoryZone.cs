namespace PluggableDmaBuf;

/// <summary>
/// A range of the modelled physical address space (zones made of pages, in which heaps lie), for example <c>dma32</c> below 4 GiB.
/// A heap lies within a device's address limit when its whole zone does.
/// </summary>
/// <remarks>Immutable; validated on construction.</remarks>
public sealed class MemoryZone
{
    /// <summary>Creates a zone.</summary>
    /// <param name="name">The zone's name.</param>
    /// <param name="base">First address, page aligned.</param>
    /// <param name="length">Length in bytes, a positive multiple of the page size.</param>
    /// <exception cref="InvalidConstraintException">A value is malformed.</exception>
    public MemoryZone(string name, ulong @base, ulong length)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidConstraintException("name", "must not be empty");
        }

        if (@base % DeviceDescription.PageSize != 0)
        {
            throw new InvalidConstraintException("base", $"{@base} is not page aligned");
        }

        if (length == 0 || length % DeviceDescription.PageSize != 0 || @base + length < @base)
        {
            throw new InvalidConstraintException("length", $"{length} is not a positive multiple of {DeviceDescription.PageSize} that fits the address space");
        }

        Name = name;
        Base = @base;
        Length = length;
    }

    /// <summary>The zone's name.</summary>
    public string Name { get; }

    /// <summary>First address.</summary>
    public ulong Base { get; }

    /// <summary>Length in bytes.</summary>
    public ulong Length { get; }

    /// <summary>The last address inside the zone.</summary>
    public ulong Last => Base + Length - 1;

    /// <inheritdoc />
    public override string ToString() => $"{Name} [0x{Base:x}, 0x{Base + Length:x})";
}
