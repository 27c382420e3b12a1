using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// A bounce buffer (like swiotlb) for a device without IOMMU whose address mask cannot reach a
/// buffer: a placement below its limit, chosen by the negotiation engine for that device alone, with
/// bytes of its own. Lives for one mapping; never shared, so its bytes are plain native memory.
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

    public static BounceBuffer Create(DmaBuf buffer, DeviceDescription device)
    {
        var core = buffer.Core;
        var result = core.NegotiateBounce(device, buffer.Size);
        if (!result.Succeeded)
        {
            throw new BufferPlacementConflictException(new NegotiationConflict(ConstraintKind.Address, [device.Name],
                $"{device.Name} cannot map {buffer.Describe()}: it lies beyond the device's mask and no bounce buffer fits: {result.Conflict.Message}"));
        }

        var heap = core.HeapFor(result.Placement.Heap);
        var placement = PhysicalPlacement.TryAllocate(heap, buffer.Size, result.Placement.Alignment)
            ?? throw new HeapExhaustedException(heap.Name, buffer.Size, heap.FreeBytes, heap.LargestFreeBlock);
        try
        {
            return new BounceBuffer(placement, NativeStorage.Create(buffer.Name + ":bounce", buffer.Size));
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
