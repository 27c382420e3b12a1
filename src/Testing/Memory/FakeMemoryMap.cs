namespace PluggableDmaBuf.Testing.Memory;

/// <summary>
/// The memory map the fakes use unless a test gives its own: the host's default system heaps, and a
/// helper for a device-local heap such as a GPU's VRAM.
/// </summary>
public static class FakeMemoryMap
{
    private const ulong GiB = 1UL << 30;
    private const ulong MiB = 1UL << 20;

    /// <summary>Memory a 32-bit device reaches: the first 4 GiB.</summary>
    public static MemoryZone Dma32Zone { get; } = new("dma32", 0, 4 * GiB);

    /// <summary>Memory above 4 GiB.</summary>
    public static MemoryZone NormalZone { get; } = new("normal", 4 * GiB, 16 * GiB);

    /// <summary>
    /// <c>system</c> (scattered, 16 GiB from 4 GiB), <c>system-dma32</c> (scattered, 512 MiB to 4 GiB)
    /// and <c>cma</c> (contiguous, 256 MiB at 256 MiB): the heaps the host starts with. A fresh list
    /// each call.
    /// </summary>
    public static IReadOnlyList<HeapDescription> StandardHeaps =>
    [
        new HeapDescription("system", HeapKind.Scattered, NormalZone, 4 * GiB, (long)(16 * GiB)),
        new HeapDescription("system-dma32", HeapKind.Scattered, Dma32Zone, 512 * MiB, (long)(4 * GiB - 512 * MiB)),
        new HeapDescription("cma", HeapKind.Contiguous, Dma32Zone, 256 * MiB, (long)(256 * MiB)),
    ];

    /// <summary>
    /// A device-local heap <c>&lt;device&gt;-vram</c>: contiguous, in a zone of its own at
    /// <c>256 GiB + index × 16 GiB</c>, reachable only by a device that lists it.
    /// </summary>
    /// <param name="device">The owning device's name.</param>
    /// <param name="index">Which device-local heap this is (0 for the first); keeps heaps from overlapping.</param>
    /// <param name="size">Bytes in the heap.</param>
    /// <returns>The heap.</returns>
    public static HeapDescription DeviceLocalHeap(string device, int index = 0, long size = (long)(8 * GiB))
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(device);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var zone = new MemoryZone($"{device}-local", 256 * GiB + (ulong)index * 16 * GiB, 16 * GiB);
        return new HeapDescription($"{device}-vram", HeapKind.Contiguous, zone, zone.Base, size, device);
    }
}
