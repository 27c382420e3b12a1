using System.Runtime.InteropServices;

namespace PluggableDmaBuf.Core.Interop;

/// <summary>
/// Owns one shared mapping made by <see cref="LibC.Mmap"/>: unmapped exactly once, by
/// <see cref="SafeHandle.Dispose()"/> or by the critical finaliser.
/// </summary>
internal sealed class MappedMemoryHandle : SafeHandle
{
    private MappedMemoryHandle(nint address, nuint length)
        : base(invalidHandleValue: LibC.MapFailed, ownsHandle: true)
    {
        SetHandle(address);
        Length = length;
    }

    public override bool IsInvalid => handle == LibC.MapFailed || handle == 0;

    /// <summary>Bytes mapped.</summary>
    public nuint Length { get; }

    /// <summary>The first mapped byte; valid only while the handle is open.</summary>
    public unsafe byte* Pointer => (byte*)handle;

    /// <summary>Maps <paramref name="length"/> bytes of <paramref name="fd"/> shared, readable and writable.</summary>
    /// <returns>The mapping, or <c>null</c> with errno in <paramref name="error"/>.</returns>
    public static MappedMemoryHandle? MapShared(MemfdHandle fd, long length, out int error)
    {
        var address = LibC.Mmap(0, (nuint)length, LibC.ProtRead | LibC.ProtWrite, LibC.MapShared, fd, 0);
        if (address == LibC.MapFailed)
        {
            error = Marshal.GetLastPInvokeError();
            return null;
        }

        error = 0;
        return new MappedMemoryHandle(address, (nuint)length);
    }

    /// <summary>
    /// Faults the whole mapping in, writable, on a thread-pool thread, one mapping at a time in the order
    /// asked (<see cref="PrefaultQueue"/>; <c>MADV_POPULATE_WRITE</c>): the
    /// kernel allocates and zeroes each page as a first write would, so the first writes find them
    /// present, and nobody waits for it. The handle is kept open until the call returns, so a release
    /// meanwhile unmaps after it. Only an optimisation: a kernel without the advice (before 5.14), or a
    /// mapping already released, leaves the pages to be faulted by the first writes as before.
    /// </summary>
    public void PopulateInBackground() => PrefaultQueue.Enqueue(this);

    /// <summary>Faults the whole mapping in now, on this thread (see <see cref="PopulateInBackground"/>).</summary>
    public void Populate()
    {
        var added = false;
        try
        {
            DangerousAddRef(ref added);
            _ = LibC.Madvise(handle, Length, LibC.MadvPopulateWrite);
        }
        catch (ObjectDisposedException)
        {
            // Released before the thread pool got to it: nothing left to make ready.
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }
        }
    }

    protected override bool ReleaseHandle() => LibC.Munmap(handle, Length) == 0;
}
