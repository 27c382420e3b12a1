using System.Runtime.InteropServices;

namespace PluggableDmaBuf.Core.Storage;

/// <summary>Storage in page-aligned native memory, zeroed on allocation (any operating system).</summary>
internal sealed unsafe class NativeStorage : BufferStorage
{
    private NativeStorage(byte* pointer, long length)
        : base(pointer, length)
    {
    }

    public override StorageKind Kind => StorageKind.NativeMemory;

    public static NativeStorage Create(string name, long length)
    {
        byte* pointer;
        try
        {
            pointer = (byte*)NativeMemory.AlignedAlloc((nuint)length, DeviceDescription.PageSize);
        }
        catch (OutOfMemoryException e)
        {
            throw new BufferStorageException($"buffer '{name}': cannot allocate {length} bytes of native memory", e);
        }

        NativeMemory.Clear(pointer, (nuint)length);
        return new NativeStorage(pointer, length);
    }

    public override byte* MapAlias() => Pointer;

    public override void UnmapAlias(byte* alias)
    {
    }

    protected override void Free() => NativeMemory.AlignedFree(Pointer);
}
