using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Negotiation;
using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// A bounce buffer (like swiotlb) for a device without IOMMU whose address mask cannot reach a
/// buffer: a placement below its limit, chosen by the negotiation engine for that device alone, with
/// bytes of its own. Lives for one mapping; never shared, so its bytes are plain native memory.
/// The copies in and out are the buffer's backing's (<see cref="DmaBufBacking"/>).
/// </summary>
internal sealed class BounceBuffer
{
    private BounceBuffer(PhysicalPlacement placement, BufferStorage storage)
    {
        Placement = placement;
        Storage = storage;
    }

    public PhysicalPlacement Placement { get; }

    public BufferStorage Storage { get; }

    public static BounceBuffer Create(DmaBufCore core, string buffer, string name, long size, DeviceDescription device)
    {
        var result = core.NegotiateBounce(device, size);
        if (!result.Succeeded)
        {
            throw ConflictFormatter.MapRefused(ConstraintKind.Address, device, buffer,
                $"it lies beyond the device's mask and no bounce buffer fits: {result.Conflict.Message}");
        }

        var heap = core.HeapFor(result.Placement.Heap);
        var placement = PhysicalPlacement.TryAllocate(heap, size, result.Placement.Alignment)
            ?? throw new HeapExhaustedException(heap.Name, size, heap.FreeBytes, heap.LargestFreeBlock);
        try
        {
            return new BounceBuffer(placement, NativeStorage.Create(name + ":bounce", size));
        }
        catch
        {
            placement.Free();
            throw;
        }
    }

    public void Free()
    {
        Storage.Release();
        Placement.Free();
    }
}
