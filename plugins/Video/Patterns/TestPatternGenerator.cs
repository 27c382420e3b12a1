using System.Runtime.CompilerServices;
using PluggableDmaBuf.Plugins.Video.Frames;

namespace PluggableDmaBuf.Plugins.Video.Patterns;

/// <summary>
/// Renders a deterministic test pattern straight into the planes of an NV12, YU12 or YUYV frame
/// (BT.601 limited range). Frame <c>n</c> is always the same image, and consecutive frames always
/// differ: a moving element and a seven-segment frame counter are drawn on every frame.
/// </summary>
/// <remarks>
/// Every frame is drawn in full, so buffers recycled from a pool need no clearing. Rendering
/// allocates nothing. One instance may render into different buffers; <see cref="Render"/> is not
/// safe to call concurrently on the same destination.
/// </remarks>
internal sealed class TestPatternGenerator
{
    private const double Bar = 0.75 * 255;

    private static readonly YuvColour s_black = YuvColour.Grey(16);
    private static readonly YuvColour s_white = YuvColour.Grey(235);

    // SMPTE EG 1 bars at 75 % amplitude, left to right (Y 180, 162, 131, 112, 84, 65, 35).
    private static readonly YuvColour[] s_bars =
    [
        YuvColour.FromRgb(Bar, Bar, Bar), YuvColour.FromRgb(Bar, Bar, 0), YuvColour.FromRgb(0, Bar, Bar),
        YuvColour.FromRgb(0, Bar, 0), YuvColour.FromRgb(Bar, 0, Bar), YuvColour.FromRgb(Bar, 0, 0), YuvColour.FromRgb(0, 0, Bar),
    ];

    // The reverse-order castellations under the bars: blue, black, magenta, black, cyan, black, grey.
    private static readonly YuvColour[] s_castellations =
    [
        s_bars[6], s_black, s_bars[4], s_black, s_bars[2], s_black, s_bars[0],
    ];

    // Bottom band: -I, 100 % white, +Q, black (sRGB renderings of the analogue I and Q phases),
    // then PLUGE: 4 % below black, black, 4 % above black.
    private static readonly YuvColour s_minusI = YuvColour.FromRgb(0, 33, 76);
    private static readonly YuvColour s_plusQ = YuvColour.FromRgb(50, 0, 106);
    private static readonly YuvColour s_superBlack = YuvColour.Grey(7);
    private static readonly YuvColour s_lightBlack = YuvColour.Grey(25);

    private static readonly YuvColour s_checkDark = YuvColour.Grey(48);
    private static readonly YuvColour s_checkLight = YuvColour.Grey(80);
    private static readonly YuvColour s_ball = YuvColour.FromRgb(255, 200, 0);
    private static readonly YuvColour s_highlight = YuvColour.FromRgb(255, 240, 160);

    private readonly YuvLayout _layout;

    /// <summary>Creates a generator for one pattern, format and size.</summary>
    /// <exception cref="InvalidConstraintException">The format is not NV12, YU12 or YUYV, or the size does not suit it.</exception>
    public TestPatternGenerator(TestPattern pattern, PixelFormat format, int width, int height)
    {
        if (pattern is not (TestPattern.Smpte or TestPattern.Ball))
        {
            throw new ArgumentOutOfRangeException(nameof(pattern), pattern, "not a test pattern");
        }

        _layout = VideoFrameGeometry.LayoutOf(format);
        format.CheckSize(width, height);
        Pattern = pattern;
        Format = format;
        Width = width;
        Height = height;
    }

    /// <summary>The pattern drawn.</summary>
    public TestPattern Pattern { get; }

    /// <summary>The destination format.</summary>
    public PixelFormat Format { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Draws frame <paramref name="frameIndex"/> into <paramref name="buffer"/>, whose planes are laid out as <paramref name="planes"/>.</summary>
    /// <param name="buffer">The whole buffer (a CPU view of a mapped dma-buf, for example).</param>
    /// <param name="planes">One layout per plane of <see cref="Format"/>, as negotiated.</param>
    /// <param name="frameIndex">The frame number, from 0.</param>
    /// <exception cref="ArgumentException">The layout cannot hold the image in the buffer.</exception>
    public void Render(Span<byte> buffer, IReadOnlyList<PlaneLayout> planes, long frameIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameIndex);
        Format.CheckLayout(Width, Height, planes, buffer.Length);
        var canvas = new YuvCanvas(buffer, _layout, Width, Height, planes);
        if (Pattern == TestPattern.Smpte)
        {
            DrawSmpte(canvas, frameIndex);
        }
        else
        {
            DrawBall(canvas, frameIndex);
        }

        var margin = 2 * SevenSegmentCounter.Thickness(Height);
        SevenSegmentCounter.Draw(canvas, margin, margin, frameIndex, s_white, s_black);
    }

    private static void DrawSmpte(in YuvCanvas canvas, long frameIndex) => DrawSmpte(canvas, frameIndex, repeatRows: true);

    /// <summary>
    /// The SMPTE bars; with <paramref name="repeatRows"/>, each band's first row is drawn and copied to
    /// the band's other rows (<see cref="YuvCanvas.RepeatRow"/>), else every row is drawn run by run (the
    /// tests' reference: both give the same bytes).
    /// </summary>
    internal static void DrawSmpte(in YuvCanvas canvas, long frameIndex, bool repeatRows)
    {
        int w = canvas.Width, h = canvas.Height;
        var barsEnd = h * 2 / 3;
        var castellationsEnd = h * 3 / 4;
        for (var y = 0; y < h;)
        {
            if (y < castellationsEnd)
            {
                var colours = y < barsEnd ? s_bars : s_castellations;
                for (var i = 0; i < 7; i++)
                {
                    canvas.FillRow(y, i * w / 7, (i + 1) * w / 7, colours[i]);
                }
            }
            else
            {
                // The bottom band splits the first five bars' width in four, then the sixth bar in three.
                canvas.FillRow(y, 0, 5 * w / 28, s_minusI);
                canvas.FillRow(y, 5 * w / 28, 10 * w / 28, s_white);
                canvas.FillRow(y, 10 * w / 28, 15 * w / 28, s_plusQ);
                canvas.FillRow(y, 15 * w / 28, 5 * w / 7, s_black);
                canvas.FillRow(y, 5 * w / 7, 16 * w / 21, s_superBlack);
                canvas.FillRow(y, 16 * w / 21, 17 * w / 21, s_black);
                canvas.FillRow(y, 17 * w / 21, 6 * w / 7, s_lightBlack);
                canvas.FillRow(y, 6 * w / 7, w, s_black);
            }

            var next = !repeatRows ? y + 1 : y < barsEnd ? barsEnd : y < castellationsEnd ? castellationsEnd : h;
            canvas.RepeatRow(y, y + 1, next);
            y = next;
        }

        // A white marker slides along the castellation band, wrapping at the right edge.
        var size = Math.Max(1, castellationsEnd - barsEnd);
        var travel = Math.Max(1, w - size + 1);
        var step = Math.Max(1, w / 60);
        var x = (int)(frameIndex % travel * step % travel);
        canvas.FillRect(x, barsEnd, size, size, s_white);
    }

    private static void DrawBall(in YuvCanvas canvas, long frameIndex)
    {
        int w = canvas.Width, h = canvas.Height;
        var cell = Math.Max(4, Math.Min(w, h) / 12);
        for (var y = 0; y < h; y++)
        {
            var rowParity = y / cell & 1;
            for (int x = 0, column = 0; x < w; x += cell, column++)
            {
                canvas.FillRow(y, x, x + cell, ((column & 1) ^ rowParity) == 0 ? s_checkDark : s_checkLight);
            }
        }

        // The ball bounces off the edges; the speeds differ so the path covers the frame.
        var radius = Math.Max(1, Math.Min(w, h) / 10);
        var cx = radius + Bounce(frameIndex, Math.Max(1, w / 64), w - 1 - (2 * radius));
        var cy = radius + Bounce(frameIndex, Math.Max(1, h / 48), h - 1 - (2 * radius));
        FillDisc(canvas, cx, cy, radius, s_ball);
        FillDisc(canvas, cx - (radius / 3), cy - (radius / 3), radius / 3, s_highlight);
    }

    private static void FillDisc(in YuvCanvas canvas, int cx, int cy, int radius, YuvColour colour)
    {
        var limit = (radius + 0.5) * (radius + 0.5);
        for (var dy = -radius; dy <= radius; dy++)
        {
            var half = (int)Math.Sqrt(limit - (dy * dy));
            canvas.FillRow(cy + dy, cx - half, cx + half + 1, colour);
        }
    }

    /// <summary>
    /// A triangle wave over 0..<paramref name="range"/>, advancing <paramref name="speed"/> a frame
    /// from the middle (so frame 0's ball is clear of the counter in the corner).
    /// </summary>
    private static int Bounce(long frameIndex, int speed, int range)
    {
        if (range <= 0)
        {
            return 0;
        }

        var period = 2L * range;
        var p = ((frameIndex % period * speed) + (range / 2)) % period;
        return (int)(p <= range ? p : (2L * range) - p);
    }
}
