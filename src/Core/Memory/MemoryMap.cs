namespace PluggableDmaBuf.Core.Memory;

/// <summary>
/// The modelled physical address space: zones and the heaps placed in them (design §3). Immutable;
/// validated on construction (unique heap names, no two heaps overlapping).
/// </summary>
public sealed class MemoryMap
{
    public const ulong GiB = 1UL << 30;
    public const ulong MiB = 1UL << 20;

    /// <summary>Names of the system heaps, in preference order (scarcest last).</summary>
    internal static readonly string[] SystemHeapPreference = ["system", "system-dma32", "cma"];

    /// <summary>Creates a map.</summary>
    /// <exception cref="InvalidConstraintException">Two heaps share a name or overlap.</exception>
    public MemoryMap(IEnumerable<HeapDescription> heaps)
    {
        ArgumentNullException.ThrowIfNull(heaps);
        var list = heaps.ToArray();
        var names = new HashSet<string>(list.Length, StringComparer.Ordinal);
        foreach (var heap in list)
        {
            if (!names.Add(heap.Name))
            {
                throw new InvalidConstraintException($"heaps.{heap.Name}", "is defined twice");
            }
        }

        // In base order, the first overlap is always between neighbours: one sort instead of
        // comparing every pair.
        var byBase = Enumerable.Range(0, list.Length).OrderBy(i => list[i].Base).ThenBy(i => i).ToArray();
        for (var k = 1; k < byBase.Length; k++)
        {
            var (previous, current) = (byBase[k - 1], byBase[k]);
            if (list[current].Base < End(list[previous]))
            {
                // Name the later-defined heap of the two, as the one that does not fit.
                var (a, b) = current > previous ? (list[current], list[previous]) : (list[previous], list[current]);
                throw new InvalidConstraintException($"heaps.{a.Name}.size",
                    $"{a.Size} bytes at 0x{a.Base:x} overlap heap {b.Name} at 0x{b.Base:x} ({b.Size} bytes)");
            }
        }

        Heaps = list;
    }

    private static ulong End(HeapDescription heap) => heap.Base + (ulong)heap.Size;

    /// <summary>The zone below 4 GiB that 32-bit devices reach.</summary>
    public static MemoryZone Dma32Zone { get; } = new("dma32", 0, 4 * GiB);

    /// <summary>The zone from 4 GiB up, 16 GiB long.</summary>
    public static MemoryZone NormalZone { get; } = new("normal", 4 * GiB, 16 * GiB);

    /// <summary>
    /// The default map of design §3 and the spec: <c>system</c> (scattered, 16 GiB from 4 GiB),
    /// <c>system-dma32</c> (scattered, 512 MiB to 4 GiB), <c>cma</c> (contiguous, 256 MiB at 256 MiB).
    /// Device-local heaps come from the plugins that own them; see <see cref="DeviceLocalHeap"/>.
    /// </summary>
    public static MemoryMap SystemDefault { get; } = new(
    [
        new HeapDescription("system", HeapKind.Scattered, NormalZone, 4 * GiB, (long)(16 * GiB)),
        new HeapDescription("system-dma32", HeapKind.Scattered, Dma32Zone, 512 * MiB, (long)(4 * GiB - 512 * MiB)),
        new HeapDescription("cma", HeapKind.Contiguous, Dma32Zone, 256 * MiB, (long)(256 * MiB)),
    ]);

    /// <summary>The dry-run default of <c>spec/negotiate.md</c>: the system heaps plus <c>gpu0-vram</c>.</summary>
    public static MemoryMap NegotiateDefault { get; } = SystemDefault.With(DeviceLocalHeap("gpu0", 0));

    /// <summary>The heaps, in definition order.</summary>
    public IReadOnlyList<HeapDescription> Heaps { get; }

    /// <summary>
    /// The device-local heap <c>&lt;device&gt;-vram</c> of GPU number <paramref name="index"/>: 8 GiB,
    /// contiguous, in its own zone at <c>256 GiB + index × 16 GiB</c>, reachable by <paramref name="device"/>.
    /// </summary>
    public static HeapDescription DeviceLocalHeap(string device, int index, long size = (long)(8 * GiB))
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var zone = new MemoryZone($"{device}-local", 256 * GiB + (ulong)index * 16 * GiB, 16 * GiB);
        return new HeapDescription($"{device}-vram", HeapKind.Contiguous, zone, zone.Base, size, device);
    }

    /// <summary>Looks a heap up by name.</summary>
    public HeapDescription? Find(string name)
    {
        foreach (var heap in Heaps)
        {
            if (string.Equals(heap.Name, name, StringComparison.Ordinal))
            {
                return heap;
            }
        }

        return null;
    }

    /// <summary>A map with <paramref name="extra"/> heaps added.</summary>
    public MemoryMap With(params HeapDescription[] extra) => new(Heaps.Concat(extra));

    /// <summary>A map with one heap's base and/or size replaced.</summary>
    /// <exception cref="InvalidConstraintException">The heap is unknown, or the new values do not fit.</exception>
    public MemoryMap WithHeap(string name, long? size, ulong? @base)
    {
        var heap = Find(name) ?? throw new InvalidConstraintException($"heaps.{name}",
            $"unknown heap (known: {string.Join(", ", Heaps.Select(h => h.Name))})");
        HeapDescription replaced;
        try
        {
            replaced = new HeapDescription(heap.Name, heap.Kind, heap.Zone, @base ?? heap.Base, size ?? heap.Size, heap.OwnerDevice);
        }
        catch (InvalidConstraintException e)
        {
            throw e.WithPrefix($"heaps.{name}");
        }

        return new MemoryMap(Heaps.Select(h => ReferenceEquals(h, heap) ? replaced : h));
    }
}
