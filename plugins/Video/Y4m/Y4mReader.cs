using System.Text;
using PluggableDmaBuf.IO;
using PluggableDmaBuf.Plugins.Video.Frames;

namespace PluggableDmaBuf.Plugins.Video.Y4m;

/// <summary>
/// Reads a YUV4MPEG2 (Y4M) stream frame by frame and copies each frame into the planes of an NV12,
/// YU12 or YUYV buffer. Only 8-bit 4:2:0 streams are accepted; the header is parsed when the reader
/// is created, so a file that cannot be played fails before the pipeline starts.
/// </summary>
/// <remarks>
/// Memory: one chroma row is allocated when the reader is created and one frame's payload at the
/// first frame, and nothing per frame; the file is never read whole. Threading: one reader serves one thread (the
/// capture stage). With <see cref="Loop"/> the stream must be seekable, and reading goes back to the
/// first frame after the last one, for ever.
/// </remarks>
internal sealed class Y4mReader : IDisposable
{
    /// <summary>The magic that opens every stream.</summary>
    public const string Magic = "YUV4MPEG2";

    private const int MaxHeaderLength = 4096;
    private const int MaxFrameHeaderLength = 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private byte[]? _frame;
    private readonly byte[] _scratch;
    private readonly long _firstFrameOffset;
    private long _framesThisPass;
    private bool _disposed;

    /// <summary>Reads the header of <paramref name="stream"/> and prepares to read frames.</summary>
    /// <param name="stream">The stream, positioned at the magic.</param>
    /// <param name="name">The input's name as the user gave it, for errors.</param>
    /// <param name="loop">Whether to go back to the first frame after the last one.</param>
    /// <param name="leaveOpen">Whether <see cref="Dispose"/> leaves <paramref name="stream"/> open.</param>
    /// <exception cref="InvalidMediaException">The header is not a valid 8-bit 4:2:0 Y4M header, or looping was asked of a stream that cannot seek.</exception>
    public Y4mReader(Stream stream, string name, bool loop = false, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        _stream = stream;
        _leaveOpen = leaveOpen;
        Name = name;
        Loop = loop;
        if (loop && !stream.CanSeek)
        {
            throw new InvalidMediaException(name, "cannot loop: the stream cannot seek back to the first frame");
        }

        Header = Y4mHeaderParser.Parse(ReadHeaderTags(), name);
        _scratch = new byte[I420Copy.ScratchBytes(Header.Width)];
        _firstFrameOffset = stream.CanSeek ? stream.Position : 0;
    }

    /// <summary>The input's name, as used in errors.</summary>
    public string Name { get; }

    /// <summary>The stream header.</summary>
    public Y4mHeader Header { get; }

    /// <summary>Whether reading restarts at the first frame after the last one.</summary>
    public bool Loop { get; }

    /// <summary>Frames delivered so far, counting every pass when looping.</summary>
    public long FramesRead { get; private set; }

    /// <summary>
    /// Opens a file for reading and checks, before any frame is delivered, that every frame is
    /// there in full behind its <c>FRAME</c> line (one seek per frame, the payloads are not read),
    /// so that a damaged file fails before a pipeline starts rather than part-way through a run.
    /// Only a regular file is opened: a FIFO or a device (which could not loop, and whose open could
    /// block) is refused.
    /// </summary>
    /// <param name="path">The file, named in errors as given.</param>
    /// <param name="loop">Whether to go back to the first frame after the last one.</param>
    /// <exception cref="InvalidMediaException">The file cannot be opened or is not a regular file, its header is not usable, a frame is damaged or truncated, or it has no frame to loop over.</exception>
    public static Y4mReader Open(string path, bool loop = false)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!InputFile.TryOpen(path, out var stream, out var problem, 1 << 16))
        {
            throw new InvalidMediaException(path, $"cannot open: {problem}");
        }

        try
        {
            var reader = new Y4mReader(stream, path, loop);
            reader.CheckFrames();
            return reader;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads the next frame and copies it into <paramref name="buffer"/>, whose planes are laid out
    /// as <paramref name="planes"/> for <paramref name="format"/> at the stream's size.
    /// </summary>
    /// <param name="buffer">The destination buffer (a CPU view of a mapped dma-buf, for example).</param>
    /// <param name="format">NV12, YU12 or YUYV.</param>
    /// <param name="planes">One layout per plane of <paramref name="format"/>, as negotiated.</param>
    /// <returns><c>false</c> at the end of the stream (never when looping); the buffer is then untouched.</returns>
    /// <exception cref="InvalidMediaException">A frame header is malformed or a frame is truncated; YUYV was asked of an odd width; a looping stream has no frame.</exception>
    /// <exception cref="InvalidConstraintException">The format is not NV12, YU12 or YUYV.</exception>
    /// <exception cref="ArgumentException">The layout cannot hold the image in the buffer.</exception>
    public bool ReadFrame(Span<byte> buffer, PixelFormat format, IReadOnlyList<PlaneLayout> planes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var layout = VideoFrameGeometry.LayoutOf(format);
        if (format.RequiresEvenWidth && (Header.Width & 1) != 0)
        {
            throw new InvalidMediaException(Name, $"width {Header.Width} is odd; {format.FourCC} needs an even width");
        }

        format.CheckLayout(Header.Width, Header.Height, planes, buffer.Length);
        if (!ReadFrameHeader())
        {
            if (!Loop)
            {
                return false;
            }

            if (_framesThisPass == 0)
            {
                throw new InvalidMediaException(Name, "has no frame to loop over");
            }

            Rewind();
            if (!ReadFrameHeader())
            {
                throw new InvalidMediaException(Name, "has no frame after rewinding to the first one");
            }
        }

        // Allocated at the first frame found, not from the header alone: a 30-byte header claiming
        // 16384x16384 must not cost 400 MB before any frame has been seen.
        var payload = _frame ??= new byte[Header.FrameBytes];
        var read = _stream.ReadAtLeast(payload, payload.Length, throwOnEndOfStream: false);
        if (read < payload.Length)
        {
            throw new InvalidMediaException(Name, $"truncated frame {_framesThisPass} (got {read} of {payload.Length} bytes)");
        }

        I420Copy.CopyTo(payload, Header.Width, Header.Height, layout, buffer, planes, _scratch);
        _framesThisPass++;
        FramesRead++;
        return true;
    }

    /// <summary>Goes back to the first frame.</summary>
    /// <exception cref="InvalidMediaException">The stream cannot seek.</exception>
    public void Rewind()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_stream.CanSeek)
        {
            throw new InvalidMediaException(Name, "cannot rewind: the stream cannot seek back to the first frame");
        }

        _stream.Position = _firstFrameOffset;
        _framesThisPass = 0;
    }

    /// <summary>Walks every frame line and frame length of a seekable stream, then goes back to the first frame.</summary>
    private void CheckFrames()
    {
        var length = _stream.Length;
        while (ReadFrameHeader())
        {
            var left = length - _stream.Position;
            if (left < Header.FrameBytes)
            {
                throw new InvalidMediaException(Name, $"truncated frame {_framesThisPass} (got {left} of {Header.FrameBytes} bytes)");
            }

            _stream.Seek(Header.FrameBytes, SeekOrigin.Current);
            _framesThisPass++;
        }

        if (_framesThisPass == 0 && Loop)
        {
            throw new InvalidMediaException(Name, "has no frame to loop over");
        }

        Rewind();
    }

    /// <summary>Closes the stream unless it was to be left open.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private string ReadHeaderTags()
    {
        Span<byte> magic = stackalloc byte[Magic.Length + 1];
        var got = _stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        if (got < magic.Length || !magic[..Magic.Length].SequenceEqual("YUV4MPEG2"u8) || magic[Magic.Length] is not ((byte)' ' or (byte)'\n'))
        {
            throw new InvalidMediaException(Name, got == 0 ? "is empty (expected a YUV4MPEG2 header)" : "not a YUV4MPEG2 stream (bad magic)");
        }

        if (magic[Magic.Length] == '\n')
        {
            return string.Empty;
        }

        var line = new byte[MaxHeaderLength];
        for (var length = 0; length < line.Length; length++)
        {
            var b = _stream.ReadByte();
            if (b < 0)
            {
                throw new InvalidMediaException(Name, "header ends before its newline");
            }

            if (b == '\n')
            {
                return Encoding.ASCII.GetString(line, 0, length);
            }

            line[length] = (byte)b;
        }

        throw new InvalidMediaException(Name, $"header is longer than {MaxHeaderLength} bytes");
    }

    /// <summary>Reads a <c>FRAME</c> line and its parameters (ignored); <c>false</c> at a clean end of stream.</summary>
    private bool ReadFrameHeader()
    {
        var first = _stream.ReadByte();
        if (first < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> expected = "FRAME"u8;
        var b = first;
        for (var i = 0; ; i++)
        {
            if (i < expected.Length)
            {
                if (b != expected[i])
                {
                    throw new InvalidMediaException(Name, $"frame {_framesThisPass} does not start with FRAME");
                }
            }
            else if (b == '\n')
            {
                return true;
            }
            else if (i == expected.Length && b != ' ')
            {
                throw new InvalidMediaException(Name, $"frame {_framesThisPass} does not start with FRAME");
            }
            else if (i >= MaxFrameHeaderLength)
            {
                throw new InvalidMediaException(Name, $"frame {_framesThisPass} header is longer than {MaxFrameHeaderLength} bytes");
            }

            b = _stream.ReadByte();
            if (b < 0)
            {
                throw new InvalidMediaException(Name, $"truncated frame {_framesThisPass} (the stream ends in its FRAME line)");
            }
        }
    }
}
