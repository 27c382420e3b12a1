namespace PluggableDmaBuf;

/// <summary>
/// What a device declares about the memory it can reach and the layouts it can handle — the
/// constraints that negotiation merges into one placement (the merge rules: <see href="https://github.com/PluggableDmaBuf/PluggableDmaBuf/blob/main/docs/negotiate.md"/>). A plugin creates one per device and
/// registers it; the framework never changes it.
/// </summary>
/// <remarks>
/// Immutable and validated on construction: a bad value throws <see cref="InvalidConstraintException"/>
/// naming the property in JSON spelling (<c>alignment</c>, <c>formats[1].modifiers[0]</c>, ...).
/// Safe to share across threads.
/// </remarks>
public sealed class DeviceDescription
{
    private static readonly string[] s_linearOnly = [FormatSupport.Linear];

    /// <summary>The page size of the modelled bus; every alignment is at least this.</summary>
    public const int PageSize = 4096;

    /// <summary>Creates a device description. Omitted values take the defaults of the signature: no IOMMU, 64 address bits, no segment limits,
    /// page alignment, any pitch, every heap that is not device-local, any format in the linear layout, no usages.</summary>
    /// <param name="name">Unique device name, for example <c>gpu0</c>.</param>
    /// <param name="hasIommu">Whether the device reaches memory through an IOMMU (it then sees any
    /// scattered placement as one contiguous IO-virtual range, and imposes no segment or physical
    /// address limit).</param>
    /// <param name="addressBits">Width of the device's DMA addresses, 12 to 64.</param>
    /// <param name="maxSegments">Most scatter-gather segments one mapping may have; <c>null</c> for unlimited.</param>
    /// <param name="maxSegmentSize">Largest segment in bytes, a multiple of 4096; <c>null</c> for unlimited.</param>
    /// <param name="alignment">Required start alignment of a buffer (and of its planes), a power of two.</param>
    /// <param name="pitchAlignment">Required alignment of a plane's row pitch, a power of two.</param>
    /// <param name="heaps">Heaps the device can reach; <c>null</c> for every heap that is not device-local.
    /// Listing another device's local heap declares peer access to it.</param>
    /// <param name="formats">Formats with modifiers, most preferred first; <c>null</c> for any format, linear only.</param>
    /// <param name="usages">Usages the device takes part in (potential-consumer declarations).</param>
    /// <exception cref="InvalidConstraintException">A value is out of range, malformed or duplicated.</exception>
    public DeviceDescription(
        string name,
        bool hasIommu = false,
        int addressBits = 64,
        int? maxSegments = null,
        long? maxSegmentSize = null,
        long alignment = PageSize,
        int pitchAlignment = 1,
        IEnumerable<string>? heaps = null,
        IEnumerable<FormatSupport>? formats = null,
        IEnumerable<string>? usages = null)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new InvalidConstraintException("name", "must not be empty");
        }

        if (name.Any(char.IsWhiteSpace))
        {
            throw new InvalidConstraintException("name", $"'{name}' must not contain white space");
        }

        if (addressBits is < 12 or > 64)
        {
            throw new InvalidConstraintException("addressBits", $"{addressBits} is outside 12 to 64");
        }

        if (maxSegments is < 1)
        {
            throw new InvalidConstraintException("maxSegments", $"{maxSegments} must be at least 1");
        }

        if (maxSegmentSize is { } mss && (mss < PageSize || mss % PageSize != 0))
        {
            throw new InvalidConstraintException("maxSegmentSize", $"{mss} is not a positive multiple of {PageSize}");
        }

        if (alignment < 1 || (alignment & (alignment - 1)) != 0)
        {
            throw new InvalidConstraintException("alignment", $"{alignment} is not a power of two");
        }

        if (pitchAlignment < 1 || (pitchAlignment & (pitchAlignment - 1)) != 0)
        {
            throw new InvalidConstraintException("pitchAlignment", $"{pitchAlignment} is not a power of two");
        }

        Name = name;
        HasIommu = hasIommu;
        AddressBits = addressBits;
        MaxSegments = maxSegments;
        MaxSegmentSize = maxSegmentSize;
        Alignment = alignment;
        PitchAlignment = pitchAlignment;
        Heaps = heaps is null ? null : CheckNames(heaps, "heaps");
        Formats = formats is null ? null : CheckFormats(formats);
        Usages = usages is null ? [] : CheckNames(usages, "usages");
    }

    /// <summary>The device's unique name.</summary>
    public string Name { get; }

    /// <summary>Whether the device reaches memory through an IOMMU.</summary>
    public bool HasIommu { get; }

    /// <summary>Width of the device's DMA addresses.</summary>
    public int AddressBits { get; }

    /// <summary>The highest address the device can reach: <c>2^AddressBits - 1</c>.</summary>
    public ulong AddressLimit => AddressBits == 64 ? ulong.MaxValue : (1UL << AddressBits) - 1;

    /// <summary>Most segments a mapping may have, or <c>null</c> for unlimited.</summary>
    public int? MaxSegments { get; }

    /// <summary>Largest segment in bytes, or <c>null</c> for unlimited.</summary>
    public long? MaxSegmentSize { get; }

    /// <summary>Required buffer and plane start alignment in bytes.</summary>
    public long Alignment { get; }

    /// <summary>Required row pitch alignment in bytes.</summary>
    public int PitchAlignment { get; }

    /// <summary>Reachable heaps, or <c>null</c> for every heap that is not device-local.</summary>
    public IReadOnlyList<string>? Heaps { get; }

    /// <summary>Supported formats, most preferred first, or <c>null</c> for any format with the linear modifier.</summary>
    public IReadOnlyList<FormatSupport>? Formats { get; }

    /// <summary>Declared usages; empty when none.</summary>
    public IReadOnlyList<string> Usages { get; }

    /// <summary>Whether the device can reach heap <paramref name="heap"/>.</summary>
    /// <param name="heap">The heap.</param>
    public bool CanReach(HeapDescription heap)
    {
        ArgumentNullException.ThrowIfNull(heap);
        if (Heaps is not { } heaps)
        {
            return !heap.IsDeviceLocal;
        }

        // A loop rather than LINQ: the attach and map paths ask this on every call and must not allocate.
        for (var i = 0; i < heaps.Count; i++)
        {
            if (string.Equals(heaps[i], heap.Name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The modifiers the device accepts for <paramref name="format"/>, most preferred first; empty when none.</summary>
    /// <param name="format">The format.</param>
    public IReadOnlyList<string> ModifiersFor(PixelFormat format)
    {
        if (Formats is null)
        {
            return s_linearOnly;
        }

        // A loop over the list rather than foreach over the interface: no boxed enumerator on the attach path.
        var formats = Formats;
        for (var i = 0; i < formats.Count; i++)
        {
            if (ReferenceEquals(formats[i].Format, format))
            {
                return formats[i].Modifiers;
            }
        }

        return [];
    }

    /// <summary>Whether the device takes <paramref name="format"/> with <paramref name="modifier"/>. Allocation-free.</summary>
    /// <param name="format">The format.</param>
    /// <param name="modifier">The modifier, compared by ordinal string equality.</param>
    public bool Accepts(PixelFormat format, string modifier)
    {
        var modifiers = ModifiersFor(format);
        for (var i = 0; i < modifiers.Count; i++)
        {
            if (string.Equals(modifiers[i], modifier, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the device declares usage <paramref name="usage"/>.</summary>
    /// <param name="usage">The usage name.</param>
    public bool HasUsage(string usage) => Usages.Contains(usage, StringComparer.Ordinal);

    /// <inheritdoc />
    public override string ToString() => Name;

    private static string[] CheckNames(IEnumerable<string> names, string property)
    {
        var list = names.ToArray();
        var seen = new HashSet<string>(list.Length, StringComparer.Ordinal);
        for (var i = 0; i < list.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(list[i]))
            {
                throw new InvalidConstraintException($"{property}[{i}]", "must not be empty");
            }

            if (!seen.Add(list[i]))
            {
                throw new InvalidConstraintException($"{property}[{i}]", $"'{list[i]}' is listed twice");
            }
        }

        return list;
    }

    private static FormatSupport[] CheckFormats(IEnumerable<FormatSupport> formats)
    {
        var list = formats.ToArray();
        for (var i = 0; i < list.Length; i++)
        {
            if (list[i] is null)
            {
                throw new InvalidConstraintException($"formats[{i}]", "must not be null");
            }

            for (var j = 0; j < i; j++)
            {
                if (ReferenceEquals(list[j].Format, list[i].Format))
                {
                    throw new InvalidConstraintException($"formats[{i}].format", $"'{list[i].Format}' is listed twice");
                }
            }
        }

        return list;
    }
}
