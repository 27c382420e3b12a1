using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PluggableDmaBuf.Plugins.Display.Snapshots;

/// <summary>
/// Writes a PNG snapshot of an XR24 or AR24 plane (B, G, R, X/A bytes in memory, with pitch): RGB
/// for XR24 (the padding byte is dropped), RGBA for AR24. display0 writes one of the last frame it
/// scanned out.
/// </summary>
/// <remarks>
/// <para>Encoded for speed, as the last frame's snapshot is the last thing a short run waits for: each
/// row is repacked into PNG's byte order (vectorised), filtered with PNG's <c>Up</c> filter (the
/// difference from the row above: frames of bars, text and flat areas compress to little) and
/// deflated at the fastest level straight into the file's IDAT chunks. A 3840×2160 frame took about
/// a second with a general-purpose encoder at its default level, and takes a small fraction of that
/// here; the file is a valid PNG any decoder reads.</para>
/// <para>Rows are kept in scratch buffers between calls. Not thread-safe: one instance per scanout stage.</para>
/// </remarks>
internal sealed class PngSnapshotWriter
{
    private const byte FilterUp = 2;
    private const int ColourTypeRgb = 2;
    private const int ColourTypeRgba = 6;

    private byte[] _previous = [];
    private byte[] _current = [];
    private byte[] _filtered = [];

    /// <summary>The formats a snapshot can be taken of.</summary>
    public static IReadOnlyList<PixelFormat> Formats { get; } = [PixelFormat.XR24, PixelFormat.AR24];

    /// <summary>Encodes the image as PNG into <paramref name="destination"/>.</summary>
    /// <param name="buffer">The buffer holding the plane (a CPU view of the mapped dma-buf).</param>
    /// <param name="plane">The plane's layout.</param>
    /// <param name="format">XR24 or AR24.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="destination">Where the PNG bytes go.</param>
    /// <exception cref="InvalidConstraintException">The format is not XR24 or AR24, or the size is not positive.</exception>
    /// <exception cref="ArgumentException">The plane cannot hold the image in the buffer.</exception>
    public void Write(ReadOnlySpan<byte> buffer, PlaneLayout plane, PixelFormat format, int width, int height, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(destination);
        var alpha = ReferenceEquals(format, PixelFormat.AR24);
        if (!alpha && !ReferenceEquals(format, PixelFormat.XR24))
        {
            throw new InvalidConstraintException("format", $"a PNG snapshot needs XR24 or AR24, not {format.FourCC}");
        }

        format.CheckSize(width, height);
        format.CheckLayout(width, height, plane, buffer.Length);

        var rowBytes = checked(width * (alpha ? 4 : 3));
        PrepareRows(rowBytes);
        destination.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        (header[8], header[9], header[10], header[11], header[12]) = (8, alpha ? (byte)ColourTypeRgba : (byte)ColourTypeRgb, 0, 0, 0);
        PngChunkStream.WriteChunk(destination, "IHDR", header);

        using (var idat = new PngChunkStream(destination, "IDAT"))
        {
            using (var zlib = new ZLibStream(idat, CompressionLevel.Fastest, leaveOpen: true))
            {
                for (var row = 0; row < height; row++)
                {
                    var source = buffer.Slice(checked((int)(plane.Offset + ((long)row * plane.Pitch))), 4 * width);
                    Repack(source, _current, alpha);
                    _filtered[0] = FilterUp;
                    SubtractRows(_current.AsSpan(0, rowBytes), _previous.AsSpan(0, rowBytes), _filtered.AsSpan(1, rowBytes));
                    zlib.Write(_filtered, 0, rowBytes + 1);
                    (_previous, _current) = (_current, _previous);
                }
            }
        }

        PngChunkStream.WriteChunk(destination, "IEND", []);
    }

    /// <summary>Scratch rows for <paramref name="rowBytes"/>: the row above starts as zeros, as PNG's first row assumes.</summary>
    private void PrepareRows(int rowBytes)
    {
        // A vector store of the repack writes up to 16 bytes past the last pixel's.
        var length = rowBytes + Vector128<byte>.Count;
        if (_current.Length < length)
        {
            (_previous, _current, _filtered) = (new byte[length], new byte[length], new byte[length]);
        }

        Array.Clear(_previous);
    }

    /// <summary>BGRX to RGB (or BGRA to RGBA) for one row, four pixels a shuffle (constant controls: one pshufb each).</summary>
    private static void Repack(ReadOnlySpan<byte> bgrx, byte[] target, bool alpha)
    {
        var pixels = bgrx.Length / 4;
        ref var from = ref MemoryMarshal.GetReference(bgrx);
        ref var to = ref MemoryMarshal.GetArrayDataReference(target);
        var p = 0;
        if (alpha)
        {
            for (nuint s = 0; p + 4 <= pixels; p += 4, s += 16)
            {
                Vector128.Shuffle(Vector128.LoadUnsafe(ref from, s), Vector128.Create((byte)2, 1, 0, 3, 6, 5, 4, 7, 10, 9, 8, 11, 14, 13, 12, 15))
                    .StoreUnsafe(ref to, s);
            }
        }
        else
        {
            // The last four bytes of each store are zeros that the next store overwrites (the row has 16 bytes of slack).
            for (nuint s = 0, d = 0; p + 4 <= pixels; p += 4, s += 16, d += 12)
            {
                Vector128.Shuffle(Vector128.LoadUnsafe(ref from, s), Vector128.Create((byte)2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 0x80, 0x80, 0x80, 0x80))
                    .StoreUnsafe(ref to, d);
            }
        }

        var components = alpha ? 4 : 3;
        for (; p < pixels; p++)
        {
            var (s, d) = (4 * p, components * p);
            target[d] = bgrx[s + 2];
            target[d + 1] = bgrx[s + 1];
            target[d + 2] = bgrx[s];
            if (alpha)
            {
                target[d + 3] = bgrx[s + 3];
            }
        }
    }

    /// <summary>PNG's Up filter: each byte less the byte above it, modulo 256.</summary>
    /// <remarks>
    /// Loads and stores through <c>Vector.LoadUnsafe</c>/<c>StoreUnsafe</c>, which the compiler expands
    /// in place, also in precompiled code: <c>new Vector&lt;byte&gt;(span)</c> and <c>CopyTo(span)</c> stayed
    /// calls there, into framework code first run at tier 0 — two slow calls every 32 bytes of the last frame.
    /// </remarks>
    private static void SubtractRows(ReadOnlySpan<byte> current, ReadOnlySpan<byte> above, Span<byte> filtered)
    {
        // The unchecked loads below rely on it.
        if (above.Length < current.Length || filtered.Length < current.Length)
        {
            throw new ArgumentException($"rows of {above.Length} and {filtered.Length} bytes cannot filter a row of {current.Length}");
        }

        ref var c = ref MemoryMarshal.GetReference(current);
        ref var a = ref MemoryMarshal.GetReference(above);
        ref var f = ref MemoryMarshal.GetReference(filtered);
        var i = 0;
        for (; i + Vector<byte>.Count <= current.Length; i += Vector<byte>.Count)
        {
            (Vector.LoadUnsafe(ref c, (nuint)i) - Vector.LoadUnsafe(ref a, (nuint)i)).StoreUnsafe(ref f, (nuint)i);
        }

        for (; i < current.Length; i++)
        {
            filtered[i] = (byte)(current[i] - above[i]);
        }
    }

    /// <summary>
    /// Writes the snapshot to a file, replacing it if it exists. The file appears whole or not at all:
    /// the PNG is written to a temporary file in the same folder, flushed to disk and renamed over
    /// <paramref name="path"/>, so a process killed mid-write (SIGKILL) leaves the previous file or
    /// none, never a truncated one; a failed write removes the temporary file.
    /// </summary>
    /// <param name="buffer">The buffer holding the plane.</param>
    /// <param name="plane">The plane's layout.</param>
    /// <param name="format">XR24 or AR24.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="path">The file to write.</param>
    public void WriteFile(ReadOnlySpan<byte> buffer, PlaneLayout plane, PixelFormat format, int width, int height, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var temporary = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                Write(buffer, plane, format, width, height, file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch when (File.Exists(temporary))
        {
            File.Delete(temporary);
            throw;
        }
    }
}
