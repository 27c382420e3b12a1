using System.Runtime.InteropServices;
using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace PluggableDmaBuf.Core.Storage;

/// <summary>
/// Storage in a Linux <c>memfd</c>: created with <c>MFD_ALLOW_SEALING</c>, sized with
/// <c>ftruncate</c>, sealed with <c>F_SEAL_SHRINK | F_SEAL_GROW</c> so that its size can never
/// change (design §2 invariant 8, and what a process receiving the descriptor later relies on), and
/// mapped shared into this process. The kernel hands out zeroed pages on first touch.
/// </summary>
internal sealed unsafe class MemfdStorage : BufferStorage
{
    private MemfdStorage(int fd, byte* pointer, long length)
        : base(pointer, length)
    {
        FileDescriptor = fd;
    }

    public override StorageKind Kind => StorageKind.Memfd;

    /// <summary>The memfd, kept open for the storage's lifetime (to be passed to another process later).</summary>
    public int FileDescriptor { get; }

    /// <summary>The seals in force (<c>F_GET_SEALS</c>).</summary>
    public int Seals => fcntl(FileDescriptor, F_GET_SEALS);

    public static MemfdStorage Create(string name, long length)
    {
        // The kernel keeps memfd names short (249 bytes); the name only shows in /proc/<pid>/fd.
        var label = "pdmabuf:" + (name.Length > 64 ? name[..64] : name);
        var bytes = Encoding.UTF8.GetBytes(label + "\0");
        int fd;
        fixed (byte* n = bytes)
        {
            fd = memfd_create(n, MFD_CLOEXEC | MFD_ALLOW_SEALING);
        }

        if (fd < 0)
        {
            throw Fail(name, length, "memfd_create");
        }

        if (ftruncate(fd, length) != 0)
        {
            throw Fail(name, length, "ftruncate", fd);
        }

        if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW) != 0)
        {
            throw Fail(name, length, "fcntl(F_ADD_SEALS)", fd);
        }

        var pointer = mmap(null, (size_t)(ulong)length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (pointer == MAP_FAILED)
        {
            throw Fail(name, length, "mmap", fd);
        }

        return new MemfdStorage(fd, (byte*)pointer, length);
    }

    public override byte* MapAlias()
    {
        var pointer = mmap(null, (size_t)(ulong)Length, PROT_READ | PROT_WRITE, MAP_SHARED, FileDescriptor, 0);
        if (pointer == MAP_FAILED)
        {
            throw Fail($"fd {FileDescriptor}", Length, "mmap");
        }

        return (byte*)pointer;
    }

    public override void UnmapAlias(byte* alias) => _ = munmap(alias, (size_t)(ulong)Length);

    protected override void Free()
    {
        _ = munmap(Pointer, (size_t)(ulong)Length);
        _ = close(FileDescriptor);
    }

    private static BufferStorageException Fail(string name, long length, string call, int fdToClose = -1)
    {
        var error = errno;
        if (fdToClose >= 0)
        {
            _ = close(fdToClose);
        }

        return new BufferStorageException(
            $"buffer '{name}': {call} failed for {length} bytes of memfd storage: {Marshal.GetPInvokeErrorMessage(error)} (errno {error})");
    }
}
