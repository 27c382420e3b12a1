using PluggableDmaBuf.Plugins.Video.Frames;

namespace PluggableDmaBuf.Plugins.Video.Patterns;

/// <summary>
/// Draws solid runs straight into the planes of an NV12, YU12 or YUYV image, clipped to the image.
/// Chroma is subsampled: a chroma sample takes the colour of the last run that touched any of the
/// pixels it covers, so shapes keep their luma edges exactly and their chroma edges to the sample.
/// </summary>
/// <remarks>Validated by the caller (<see cref="PixelFormat.CheckLayout"/>); one per frame, on one thread.</remarks>
internal readonly ref struct YuvCanvas
{
    private readonly Span<byte> _buffer;
    private readonly YuvLayout _layout;
    // Each plane's offset and pitch, read once: PlaneLayout's getters live in another assembly, whose
    // code precompiled (ReadyToRun) code may not inline, so reading them per run was two calls a run.
    private readonly Plane _plane0;
    private readonly Plane _plane1;
    private readonly Plane _plane2;

    public YuvCanvas(Span<byte> buffer, YuvLayout layout, int width, int height, IReadOnlyList<PlaneLayout> planes)
    {
        _buffer = buffer;
        _layout = layout;
        Width = width;
        Height = height;
        _plane0 = new Plane(planes[0]);
        _plane1 = planes.Count > 1 ? new Plane(planes[1]) : default;
        _plane2 = planes.Count > 2 ? new Plane(planes[2]) : default;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Fills the rectangle [x, x + w) × [y, y + h), clipped to the image.</summary>
    public void FillRect(int x, int y, int w, int h, YuvColour colour)
    {
        var y0 = Math.Max(y, 0);
        var y1 = Math.Min((long)y + h, Height);
        for (var row = y0; row < y1; row++)
        {
            FillRow(row, x, x + w, colour);
        }
    }

    /// <summary>Fills pixels [x0, x1) of row <paramref name="y"/>, clipped to the image.</summary>
    public void FillRow(int y, int x0, int x1, YuvColour colour)
    {
        if ((uint)y >= (uint)Height)
        {
            return;
        }

        x0 = Math.Max(x0, 0);
        x1 = Math.Min(x1, Width);
        if (x0 >= x1)
        {
            return;
        }

        // Chroma samples touched: every sample covering at least one pixel of the run.
        var c0 = x0 >> 1;
        var c1 = (x1 + 1) >> 1;
        switch (_layout)
        {
            case YuvLayout.Nv12:
                RunFill.Bytes(_buffer.Slice(RowStart(_plane0, y) + x0, x1 - x0), colour.Y);
                RunFill.Pairs(_buffer.Slice(RowStart(_plane1, y >> 1) + (2 * c0), 2 * (c1 - c0)), Pair(colour.U, colour.V));
                break;
            case YuvLayout.Yu12:
                RunFill.Bytes(_buffer.Slice(RowStart(_plane0, y) + x0, x1 - x0), colour.Y);
                RunFill.Bytes(_buffer.Slice(RowStart(_plane1, y >> 1) + c0, c1 - c0), colour.U);
                RunFill.Bytes(_buffer.Slice(RowStart(_plane2, y >> 1) + c0, c1 - c0), colour.V);
                break;
            default:
                FillYuyvRow(_buffer.Slice(RowStart(_plane0, y), 2 * Width), x0, x1, colour);
                break;
        }
    }

    /// <summary>
    /// Makes rows [<paramref name="first"/>, <paramref name="end"/>) the same as row
    /// <paramref name="source"/>, exactly as drawing each of them with <paramref name="source"/>'s runs
    /// would: its visible luma bytes are copied to each row, and its chroma row (4:2:0) to every chroma
    /// row those rows share, so a chroma row shared with a row outside the range ends as if drawn last
    /// by the range's row. For a pattern whose rows repeat (bars, bands), one row drawn and copied is a
    /// memory copy a row instead of a run fill per bar.
    /// </summary>
    /// <remarks><paramref name="source"/> must be below <paramref name="first"/>; rows outside the image are ignored.</remarks>
    public void RepeatRow(int source, int first, int end)
    {
        first = Math.Max(first, source + 1);
        end = Math.Min(end, Height);
        if ((uint)source >= (uint)Height || first >= end)
        {
            return;
        }

        var lumaBytes = _layout == YuvLayout.Yuyv ? 2 * Width : Width;
        for (var y = first; y < end; y++)
        {
            CopyRow(_plane0, source, y, lumaBytes);
        }

        if (_layout == YuvLayout.Yuyv)
        {
            return;
        }

        var chromaBytes = (Width + 1) >> 1;
        for (var c = first >> 1; c <= (end - 1) >> 1; c++)
        {
            if (_layout == YuvLayout.Nv12)
            {
                CopyRow(_plane1, source >> 1, c, 2 * chromaBytes);
            }
            else
            {
                CopyRow(_plane1, source >> 1, c, chromaBytes);
                CopyRow(_plane2, source >> 1, c, chromaBytes);
            }
        }
    }

    private void CopyRow(in Plane plane, int from, int to, int bytes)
    {
        // The source's own chroma row may be in the range: the copy onto itself is skipped, not made.
        if (from != to)
        {
            _buffer.Slice(RowStart(plane, from), bytes).CopyTo(_buffer.Slice(RowStart(plane, to), bytes));
        }
    }

    private static void FillYuyvRow(Span<byte> row, int x0, int x1, YuvColour colour)
    {
        // Macropixels wholly inside the run are written four bytes at a time; a run that starts or
        // ends in the middle of a macropixel writes that pixel's luma and the shared chroma.
        var fullStart = (x0 + 1) >> 1;
        var fullEnd = x1 >> 1;
        if (fullEnd > fullStart)
        {
            var quad = BitConverter.IsLittleEndian
                ? colour.Y | (uint)colour.U << 8 | (uint)colour.Y << 16 | (uint)colour.V << 24
                : (uint)colour.Y << 24 | (uint)colour.U << 16 | (uint)colour.Y << 8 | colour.V;
            RunFill.Quads(row.Slice(4 * fullStart, 4 * (fullEnd - fullStart)), quad);
        }

        if ((x0 & 1) != 0)
        {
            SetYuyvPixel(row, x0, colour);
        }

        if ((x1 & 1) != 0 && x1 - 1 >= x0)
        {
            SetYuyvPixel(row, x1 - 1, colour);
        }
    }

    private static void SetYuyvPixel(Span<byte> row, int x, YuvColour colour)
    {
        var macro = 4 * (x >> 1);
        row[2 * x] = colour.Y;
        row[macro + 1] = colour.U;
        row[macro + 3] = colour.V;
    }

    private static int RowStart(in Plane plane, int row) => checked((int)(plane.Offset + ((long)row * plane.Pitch)));

    private static ushort Pair(byte first, byte second) =>
        BitConverter.IsLittleEndian ? (ushort)(first | (second << 8)) : (ushort)((first << 8) | second);

    private readonly struct Plane(PlaneLayout layout)
    {
        public readonly long Offset = layout.Offset;
        public readonly long Pitch = layout.Pitch;
    }
}
