using StbImageWriteSharp;

namespace PluggableDmaBuf.Plugins.Display.Snapshots;

/// <summary>
/// Writes a PNG snapshot of an XR24 or AR24 plane (B, G, R, X/A bytes in memory, with pitch): RGB
/// for XR24 (the padding byte is dropped), RGBA for AR24. display0 writes one of the last frame it
/// scanned out.
/// </summary>
/// <remarks>
/// The pixels are repacked into a scratch buffer kept between calls (PNG wants RGB order with no
/// padding), then encoded by StbImageWriteSharp. Not thread-safe: one instance per scanout stage.
/// </remarks>
internal sealed unsafe class PngSnapshotWriter
{
    private readonly ImageWriter _writer = new();
    private byte[] _scratch = [];

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

        var components = alpha ? 4 : 3;
        var packedBytes = checked(width * height * components);
        if (_scratch.Length < packedBytes)
        {
            _scratch = new byte[packedBytes];
        }

        for (var row = 0; row < height; row++)
        {
            var source = buffer.Slice(checked((int)(plane.Offset + ((long)row * plane.Pitch))), 4 * width);
            var target = _scratch.AsSpan(row * width * components, width * components);
            if (alpha)
            {
                RepackRgba(source, target);
            }
            else
            {
                RepackRgb(source, target);
            }
        }

        fixed (byte* pixels = _scratch)
        {
            _writer.WritePng(pixels, width, height, alpha ? ColorComponents.RedGreenBlueAlpha : ColorComponents.RedGreenBlue, destination);
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

    private static void RepackRgb(ReadOnlySpan<byte> bgrx, Span<byte> rgb)
    {
        for (int s = 0, d = 0; s < bgrx.Length; s += 4, d += 3)
        {
            rgb[d] = bgrx[s + 2];
            rgb[d + 1] = bgrx[s + 1];
            rgb[d + 2] = bgrx[s];
        }
    }

    private static void RepackRgba(ReadOnlySpan<byte> bgra, Span<byte> rgba)
    {
        for (var s = 0; s < bgra.Length; s += 4)
        {
            rgba[s] = bgra[s + 2];
            rgba[s + 1] = bgra[s + 1];
            rgba[s + 2] = bgra[s];
            rgba[s + 3] = bgra[s + 3];
        }
    }
}
