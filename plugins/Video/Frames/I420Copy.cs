namespace PluggableDmaBuf.Plugins.Video.Frames;

/// <summary>
/// Copies a packed I420 image (Y, then U, then V, no padding; chroma at half width and half
/// height rounded up) into the planes of an NV12, YU12 or YUYV frame with pitch. YUYV repeats each
/// chroma row for the two luma rows it covers.
/// </summary>
internal static class I420Copy
{
    /// <summary>Bytes of a packed I420 image of the given size.</summary>
    public static int FrameBytes(int width, int height) => (width * height) + (2 * ((width + 1) / 2) * ((height + 1) / 2));

    /// <summary>Bytes of scratch <see cref="CopyTo"/> needs: one interleaved chroma row.</summary>
    public static int ScratchBytes(int width) => 2 * ((width + 1) / 2);

    /// <summary>Copies <paramref name="i420"/> into <paramref name="buffer"/>, laid out as <paramref name="planes"/> describe.</summary>
    /// <param name="i420">The packed source image.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="layout">The destination arrangement.</param>
    /// <param name="buffer">The destination buffer.</param>
    /// <param name="planes">The destination planes, already checked with <see cref="PixelFormat.CheckLayout"/>.</param>
    /// <param name="scratch">At least <see cref="ScratchBytes"/> bytes; used for YUYV only.</param>
    public static void CopyTo(ReadOnlySpan<byte> i420, int width, int height, YuvLayout layout, Span<byte> buffer, IReadOnlyList<PlaneLayout> planes, Span<byte> scratch)
    {
        var chromaWidth = (width + 1) / 2;
        var chromaHeight = (height + 1) / 2;
        var lumaBytes = width * height;
        var chromaBytes = chromaWidth * chromaHeight;
        var y = i420[..lumaBytes];
        var u = i420.Slice(lumaBytes, chromaBytes);
        var v = i420.Slice(lumaBytes + chromaBytes, chromaBytes);
        switch (layout)
        {
            case YuvLayout.Yu12:
                CopyPlane(y, width, height, buffer, planes[0]);
                CopyPlane(u, chromaWidth, chromaHeight, buffer, planes[1]);
                CopyPlane(v, chromaWidth, chromaHeight, buffer, planes[2]);
                break;
            case YuvLayout.Nv12:
                CopyPlane(y, width, height, buffer, planes[0]);
                for (var row = 0; row < chromaHeight; row++)
                {
                    ByteInterleave.Interleave(
                        u.Slice(row * chromaWidth, chromaWidth),
                        v.Slice(row * chromaWidth, chromaWidth),
                        buffer.Slice(RowStart(planes[1], row), 2 * chromaWidth));
                }

                break;
            default:
                var uv = scratch[..(2 * chromaWidth)];
                for (var row = 0; row < height; row++)
                {
                    if ((row & 1) == 0)
                    {
                        var chromaRow = row >> 1;
                        ByteInterleave.Interleave(u.Slice(chromaRow * chromaWidth, chromaWidth), v.Slice(chromaRow * chromaWidth, chromaWidth), uv);
                    }

                    ByteInterleave.Interleave(y.Slice(row * width, width), uv, buffer.Slice(RowStart(planes[0], row), 2 * width));
                }

                break;
        }
    }

    private static void CopyPlane(ReadOnlySpan<byte> source, int rowBytes, int rows, Span<byte> buffer, PlaneLayout plane)
    {
        if (plane.Pitch == rowBytes)
        {
            source[..(rowBytes * rows)].CopyTo(buffer.Slice(RowStart(plane, 0), rowBytes * rows));
            return;
        }

        for (var row = 0; row < rows; row++)
        {
            source.Slice(row * rowBytes, rowBytes).CopyTo(buffer.Slice(RowStart(plane, row), rowBytes));
        }
    }

    private static int RowStart(PlaneLayout plane, int row) => checked((int)(plane.Offset + ((long)row * plane.Pitch)));
}
