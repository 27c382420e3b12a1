using System.Runtime.InteropServices;
using PluggableDmaBuf.Core.Interop;

namespace PluggableDmaBuf.Core.Storage;

/// <summary>
/// Storage in a Linux <c>memfd</c>: created with <c>MFD_ALLOW_SEALING</c>, sized with
/// <c>ftruncate</c>, sealed with <c>F_SEAL_SHRINK | F_SEAL_GROW</c> so that its size can never
/// change (what a process receiving the descriptor later relies on), and mapped shared into this
/// process. The kernel hands out zeroed pages on first touch.
/// </summary>
/// <remarks>
/// The descriptor and every mapping of it are safe handles: <see cref="BufferStorage.Release"/>
/// disposes them, and storage dropped without a release (a core that was never shut down) is
/// unmapped and closed by their critical finalisers instead of leaking. A failure part-way through
/// <see cref="Create"/> closes what it had opened.
/// </remarks>
internal sealed unsafe class MemfdStorage : BufferStorage
{
    private readonly MemfdHandle _fd;
    private readonly MappedMemoryHandle _mapping;
    private readonly Dictionary<nint, MappedMemoryHandle> _aliases = [];

    private MemfdStorage(MemfdHandle fd, MappedMemoryHandle mapping, long length)
        : base(mapping.Pointer, length)
    {
        _fd = fd;
        _mapping = mapping;
    }

    public override StorageKind Kind => StorageKind.Memfd;

    /// <summary>The memfd, open for the storage's lifetime (to be passed to another process later).</summary>
    public MemfdHandle Handle => _fd;

    /// <summary>The descriptor number, for messages and <c>/proc/self/fd</c>.</summary>
    public int FileDescriptor => _fd.Descriptor;

    /// <summary>The seals in force (<c>F_GET_SEALS</c>).</summary>
    public int Seals => LibC.Fcntl(_fd, LibC.FGetSeals, 0);

    /// <summary>Creates the storage; <paramref name="prefault"/>: its pages are made ready in the background (<see cref="MappedMemoryHandle.PopulateInBackground"/>).</summary>
    public static MemfdStorage Create(string name, long length, bool prefault = false)
    {
        // The kernel keeps memfd names short (249 bytes); the name only shows in /proc/<pid>/fd.
        var label = "pdmabuf:" + (name.Length > 64 ? name[..64] : name);
        var fd = LibC.MemfdCreate(label, LibC.MfdCloexec | LibC.MfdAllowSealing);
        if (fd.IsInvalid)
        {
            var error = Marshal.GetLastPInvokeError();
            fd.Dispose();
            throw Fail(name, length, "memfd_create", error);
        }

        try
        {
            if (LibC.Ftruncate(fd, length) != 0)
            {
                throw Fail(name, length, "ftruncate", Marshal.GetLastPInvokeError());
            }

            if (LibC.Fcntl(fd, LibC.FAddSeals, LibC.FSealShrink | LibC.FSealGrow) != 0)
            {
                throw Fail(name, length, "fcntl(F_ADD_SEALS)", Marshal.GetLastPInvokeError());
            }

            var mapping = MappedMemoryHandle.MapShared(fd, length, out var mapError)
                ?? throw Fail(name, length, "mmap", mapError);
            if (prefault)
            {
                mapping.PopulateInBackground();
            }

            return new MemfdStorage(fd, mapping, length);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    public override byte* MapAlias()
    {
        ObjectDisposedException.ThrowIf(IsReleased, this);
        var alias = MappedMemoryHandle.MapShared(_fd, Length, out var error)
            ?? throw Fail($"fd {FileDescriptor}", Length, "mmap", error);
        lock (_aliases)
        {
            _aliases.Add((nint)alias.Pointer, alias);
        }

        return alias.Pointer;
    }

    public override void UnmapAlias(byte* alias)
    {
        MappedMemoryHandle? mapping;
        lock (_aliases)
        {
            _aliases.Remove((nint)alias, out mapping);
        }

        mapping?.Dispose();
    }

    protected override void Free()
    {
        MappedMemoryHandle[] aliases;
        lock (_aliases)
        {
            aliases = [.. _aliases.Values];
            _aliases.Clear();
        }

        foreach (var alias in aliases)
        {
            alias.Dispose();
        }

        _mapping.Dispose();
        _fd.Dispose();
    }

    private static BufferStorageException Fail(string name, long length, string call, int error) => new(
        $"buffer '{name}': {call} failed for {length} bytes of memfd storage: {Marshal.GetPInvokeErrorMessage(error)} (errno {error})");
}
