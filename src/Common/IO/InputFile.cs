using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace PluggableDmaBuf.IO;

/// <summary>
/// Opens a file a user named as input (a negotiate request, a Y4M clip, a plugin assembly) so that
/// no kind of file can hang or exhaust the process: the file is opened with <c>O_NONBLOCK</c> (a
/// FIFO nobody writes, or a terminal, would otherwise block <c>open</c> for ever) and then checked
/// with <c>statx</c> on the open descriptor — no window between checking and opening — so that
/// only a regular file is read. Failures come back as the real cause from the errno (<c>no such
/// file</c>, <c>permission denied</c>, <c>is a FIFO, not a regular file</c>), for the caller to
/// wrap into its own error with the file's name.
/// </summary>
/// <remarks>
/// This source file is compiled into the host and into the plugins that read user files, which
/// share no implementation assembly; so it calls libc itself rather than through a package a
/// plugin would have to carry. <c>statx(2)</c> stands in for <c>fstat</c> and <c>stat</c>: its
/// structure has one layout on every architecture. The flag and errno values are the Linux ones
/// shared by x86-64 and arm64. Threading: stateless, any thread.
/// </remarks>
internal static unsafe partial class InputFile
{
    private const int O_RDONLY = 0;
    private const int O_NOCTTY = 0x100;
    private const int O_NONBLOCK = 0x800;
    private const int O_CLOEXEC = 0x80000;
    private const int F_GETFL = 3;
    private const int F_SETFL = 4;
    private const int AT_FDCWD = -100;
    private const int AT_EMPTY_PATH = 0x1000;
    private const uint STATX_TYPE = 0x1;
    private const int StatxSize = 256;
    private const int StatxModeOffset = 28;
    private const int S_IFMT = 0xF000;
    private const int S_IFREG = 0x8000;
    private const int S_IFDIR = 0x4000;
    private const int S_IFIFO = 0x1000;
    private const int S_IFCHR = 0x2000;
    private const int S_IFBLK = 0x6000;
    private const int S_IFSOCK = 0xC000;
    private const int EPERM = 1;
    private const int ENOENT = 2;
    private const int EINTR = 4;
    private const int ENXIO = 6;
    private const int EACCES = 13;
    private const int ENOTDIR = 20;

    /// <summary>Opens <paramref name="path"/> for reading if it is a regular file.</summary>
    /// <param name="path">The file, as the user gave it.</param>
    /// <param name="stream">The open stream, positioned at the start, when the call succeeds.</param>
    /// <param name="problem">Why the file cannot be read (without the file's name), when it fails.</param>
    /// <param name="bufferSize">The stream's buffer; 0 or 1 for none.</param>
    public static bool TryOpen(string path, [NotNullWhen(true)] out FileStream? stream, [NotNullWhen(false)] out string? problem,
        int bufferSize = 4096)
    {
        ArgumentNullException.ThrowIfNull(path);
        stream = null;
        if (!TryOpenHandle(path, out var handle, out problem))
        {
            return false;
        }

        try
        {
            stream = new FileStream(handle, FileAccess.Read, bufferSize, isAsync: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            handle.Dispose();
            problem = e.Message;
            return false;
        }

        return true;
    }

    /// <summary>
    /// Reads all of <paramref name="path"/>, a regular file of at most <paramref name="limit"/> bytes.
    /// The limit is checked against the size the file claims and against what is actually read, so a
    /// file that grows while it is read (or a <c>/proc</c> file that claims 0 bytes) cannot pass it.
    /// </summary>
    /// <param name="path">The file, as the user gave it.</param>
    /// <param name="limit">The largest size accepted, in bytes.</param>
    /// <param name="limitFor">What the limit is for, completing "larger than the 16 MiB limit for …".</param>
    /// <param name="bytes">The file's bytes, when the call succeeds.</param>
    /// <param name="problem">Why the file cannot be read (without the file's name), when it fails.</param>
    public static bool TryReadAll(string path, int limit, string limitFor, [NotNullWhen(true)] out byte[]? bytes,
        [NotNullWhen(false)] out string? problem)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(limit, Array.MaxLength);
        bytes = null;
        if (!TryOpen(path, out var stream, out problem, bufferSize: 0))
        {
            return false;
        }

        using (stream)
        {
            var tooLarge = $"larger than the {DescribeSize(limit)} limit for {limitFor}";
            try
            {
                var claimed = stream.Length;
                if (claimed > limit)
                {
                    problem = tooLarge;
                    return false;
                }

                // One byte more than the limit tells a file at the limit from one beyond it.
                var buffer = new byte[claimed > 0 ? claimed + 1 : Math.Min(limit + 1, 64 * 1024)];
                var length = 0;
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (length > limit)
                        {
                            problem = tooLarge;
                            return false;
                        }

                        Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, (long)limit + 1));
                    }

                    var read = stream.Read(buffer, length, buffer.Length - length);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                }

                if (length > limit)
                {
                    problem = tooLarge;
                    return false;
                }

                Array.Resize(ref buffer, length);
                bytes = buffer;
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problem = e.Message;
                return false;
            }
        }
    }

    /// <summary>A size as the limits are written: whole MiB or KiB when it is one, bytes otherwise.</summary>
    public static string DescribeSize(long bytes) => bytes switch
    {
        > 0 when bytes % (1 << 20) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 20} MiB"),
        > 0 when bytes % (1 << 10) == 0 => string.Create(CultureInfo.InvariantCulture, $"{bytes >> 10} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    private static bool TryOpenHandle(string path, [NotNullWhen(true)] out SafeFileHandle? handle, [NotNullWhen(false)] out string? problem)
    {
        handle = null;
        if (path.Length == 0 || path.Contains('\0', StringComparison.Ordinal))
        {
            problem = "not a usable file name";
            return false;
        }

        int fd;
        do
        {
            fd = Open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        }
        while (fd < 0 && Marshal.GetLastPInvokeError() == EINTR);

        if (fd < 0)
        {
            problem = Describe(Marshal.GetLastPInvokeError(), path);
            return false;
        }

        handle = new SafeFileHandle(fd, ownsHandle: true);
        if (!TryGetMode(handle, "", AT_EMPTY_PATH, out var mode))
        {
            problem = Describe(Marshal.GetLastPInvokeError(), path);
            handle.Dispose();
            handle = null;
            return false;
        }

        if (KindOf(mode) is { } kind)
        {
            problem = kind;
            handle.Dispose();
            handle = null;
            return false;
        }

        // A regular file ignores O_NONBLOCK; clearing it keeps the descriptor an ordinary one.
        var flags = GetFlags(handle, F_GETFL);
        if (flags >= 0)
        {
            _ = SetFlags(handle, F_SETFL, flags & ~O_NONBLOCK);
        }

        problem = null;
        return true;
    }

    /// <summary>Why a file of this mode is not read, or <c>null</c> for a regular file.</summary>
    private static string? KindOf(int mode) => (mode & S_IFMT) switch
    {
        S_IFREG => null,
        S_IFDIR => "is a directory",
        S_IFIFO => "is a FIFO, not a regular file",
        S_IFCHR => "is a character device, not a regular file",
        S_IFBLK => "is a block device, not a regular file",
        S_IFSOCK => "is a socket, not a regular file",
        _ => "is not a regular file",
    };

    private static string Describe(int error, string path)
    {
        if (error == ENOENT)
        {
            return "no such file";
        }

        if (error == EACCES || error == EPERM)
        {
            return "permission denied";
        }

        if (error == ENOTDIR)
        {
            return "no such file (a part of the path is not a directory)";
        }

        if (error == ENXIO && WhyNotRegular(path) is { } kind)
        {
            // open(2) refuses a socket with ENXIO; the kind of file says more than "no such device".
            return kind;
        }

        var text = Marshal.GetPInvokeErrorMessage(error);
        return text.Length > 0 ? char.ToLowerInvariant(text[0]) + text[1..] : string.Create(CultureInfo.InvariantCulture, $"errno {error}");
    }

    /// <summary>
    /// Why <paramref name="path"/> (following symbolic links) is not a regular file — <c>is a FIFO,
    /// not a regular file</c> — or <c>null</c> when it is one or does not exist. For a caller that
    /// must not open the file to find out, such as one about to write to it.
    /// </summary>
    public static string? WhyNotRegular(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path.Length > 0 && TryGetMode(null, path, 0, out var mode) ? KindOf(mode) : null;
    }

    /// <summary>The file type and permission bits of <paramref name="handle"/> (with an empty path) or of <paramref name="path"/>.</summary>
    private static bool TryGetMode(SafeFileHandle? handle, string path, int flags, out int mode)
    {
        var buffer = stackalloc byte[StatxSize];
        var added = false;
        try
        {
            handle?.DangerousAddRef(ref added);
            var dirfd = handle is null ? AT_FDCWD : (int)handle.DangerousGetHandle();
            if (Statx(dirfd, path, flags, STATX_TYPE, buffer) != 0)
            {
                mode = 0;
                return false;
            }
        }
        finally
        {
            if (added)
            {
                handle!.DangerousRelease();
            }
        }

        mode = *(ushort*)(buffer + StatxModeOffset);
        return true;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int GetFlags(SafeFileHandle fd, int command);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int SetFlags(SafeFileHandle fd, int command, int flags);
}
