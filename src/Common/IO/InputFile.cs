using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace PluggableDmaBuf.IO;

/// <summary>
/// Opens a file a user named as input (a negotiate request, a Y4M clip, a plugin assembly) so that
/// no kind of file can hang or exhaust the process: the file is opened with <c>O_NONBLOCK</c> (a
/// FIFO nobody writes, or a terminal, would otherwise block <c>open</c> for ever) and then checked
/// with <c>fstat</c> on the open descriptor — no window between checking and opening — so that
/// only a regular file is read. Failures come back as the real cause from the errno (<c>no such
/// file</c>, <c>permission denied</c>, <c>is a FIFO, not a regular file</c>), for the caller to
/// wrap into its own error with the file's name.
/// </summary>
/// <remarks>
/// This source file is compiled into the host and into the plugins that read user files, which
/// share no implementation assembly. Threading: stateless, any thread.
/// </remarks>
internal static unsafe class InputFile
{
    /// <summary>Opens <paramref name="path"/> for reading if it is a regular file.</summary>
    /// <param name="path">The file, as the user gave it.</param>
    /// <param name="stream">The open stream, positioned at the start, when the call succeeds.</param>
    /// <param name="problem">Why the file cannot be read (without the file's name), when it fails.</param>
    /// <param name="bufferSize">The stream's buffer; 0 or 1 for none.</param>
    /// <param name="options">Hints for the stream, such as <see cref="FileOptions.SequentialScan"/>.</param>
    public static bool TryOpen(string path, [NotNullWhen(true)] out FileStream? stream, [NotNullWhen(false)] out string? problem,
        int bufferSize = 4096, FileOptions options = FileOptions.None)
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

        if ((options & FileOptions.SequentialScan) != 0)
        {
            // The advice is only an optimisation; a file system that does not take it reads as well.
            _ = posix_fadvise(handle.DangerousGetHandle().ToInt32(), 0, 0, POSIX_FADV_SEQUENTIAL);
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

        var name = Encoding.UTF8.GetBytes(path + "\0");
        int fd;
        fixed (byte* p = name)
        {
            do
            {
                fd = open(p, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
            }
            while (fd < 0 && errno == EINTR);
        }

        if (fd < 0)
        {
            problem = Describe(errno, path);
            return false;
        }

        stat status;
        if (fstat(fd, &status) != 0)
        {
            problem = Describe(errno, path);
            _ = close(fd);
            return false;
        }

        var kind = KindOf(status.st_mode);
        if (kind is not null)
        {
            problem = kind;
            _ = close(fd);
            return false;
        }

        // A regular file ignores O_NONBLOCK; clearing it keeps the descriptor an ordinary one.
        var flags = fcntl(fd, F_GETFL);
        if (flags >= 0)
        {
            _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
        }

        handle = new SafeFileHandle(fd, ownsHandle: true);
        problem = null;
        return true;
    }

    /// <summary>Why a file of this mode is not read, or <c>null</c> for a regular file.</summary>
    private static string? KindOf(mode_t mode) =>
        S_ISREG(mode) ? null
        : S_ISDIR(mode) ? "is a directory"
        : S_ISFIFO(mode) ? "is a FIFO, not a regular file"
        : S_ISCHR(mode) ? "is a character device, not a regular file"
        : S_ISBLK(mode) ? "is a block device, not a regular file"
        : S_ISSOCK(mode) ? "is a socket, not a regular file"
        : "is not a regular file";

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
        var name = Encoding.UTF8.GetBytes(path + "\0");
        stat status;
        fixed (byte* p = name)
        {
            return LibC.stat(p, &status) == 0 ? KindOf(status.st_mode) : null;
        }
    }
}
