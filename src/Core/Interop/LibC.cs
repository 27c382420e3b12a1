using System.Runtime.InteropServices;

namespace PluggableDmaBuf.Core.Interop;

/// <summary>
/// The few libc calls the memfd storage makes, generated at compile time (<c>[LibraryImport]</c>).
/// Descriptors cross as <see cref="MemfdHandle"/>, so a call never races a close and a descriptor
/// created by <see cref="MemfdCreate"/> is owned by a handle from the moment the call returns.
/// Every call sets the last P/Invoke error (errno) on failure.
/// </summary>
internal static partial class LibC
{
    private const string Library = "libc";

    public const uint MfdCloexec = 0x0001;
    public const uint MfdAllowSealing = 0x0002;

    public const int FAddSeals = 1033;
    public const int FGetSeals = 1034;

    public const int FSealShrink = 0x0002;
    public const int FSealGrow = 0x0004;

    public const int ProtRead = 0x1;
    public const int ProtWrite = 0x2;
    public const int MapShared = 0x01;

    /// <summary><c>MAP_FAILED</c>, <c>(void *)-1</c>.</summary>
    public static readonly nint MapFailed = -1;

    [LibraryImport(Library, EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial MemfdHandle MemfdCreate(string name, uint flags);

    [LibraryImport(Library, EntryPoint = "ftruncate", SetLastError = true)]
    public static partial int Ftruncate(MemfdHandle fd, long length);

    /// <summary><c>fcntl(fd, cmd, arg)</c>: variadic in C, but an <c>int</c> argument travels in the same register either way on the 64-bit Linux ABIs.</summary>
    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int Fcntl(MemfdHandle fd, int cmd, int arg);

    [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
    public static partial nint Mmap(nint address, nuint length, int protection, int flags, MemfdHandle fd, long offset);

    /// <summary><c>MADV_POPULATE_WRITE</c> (Linux 5.14): fault the range in writable, as writes would, without writing.</summary>
    public const int MadvPopulateWrite = 23;

    [LibraryImport(Library, EntryPoint = "madvise", SetLastError = true)]
    public static partial int Madvise(nint address, nuint length, int advice);

    [LibraryImport(Library, EntryPoint = "munmap", SetLastError = true)]
    public static partial int Munmap(nint address, nuint length);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);
}
