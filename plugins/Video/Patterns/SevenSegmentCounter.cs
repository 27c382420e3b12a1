namespace PluggableDmaBuf.Plugins.Video.Patterns;

/// <summary>
/// Draws a frame number as seven-segment digits on a black box, so that every frame differs
/// visibly and a captured frame (a CRC mismatch, a PNG snapshot) says which frame it was.
/// </summary>
internal static class SevenSegmentCounter
{
    /// <summary>At least this many digits are shown (zero-padded), so the box does not grow every decade.</summary>
    public const int MinimumDigits = 4;

    // Segment bits: a (top) = 1, b (top right) = 2, c (bottom right) = 4, d (bottom) = 8,
    // e (bottom left) = 16, f (top left) = 32, g (middle) = 64.
    private static ReadOnlySpan<byte> Segments => [0x3F, 0x06, 0x5B, 0x4F, 0x66, 0x6D, 0x7D, 0x07, 0x7F, 0x6F];

    /// <summary>The stroke thickness used for an image <paramref name="height"/> rows high.</summary>
    public static int Thickness(int height) => Math.Max(1, height / 120);

    /// <summary>Draws <paramref name="value"/> with its box's top-left corner at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static void Draw(in YuvCanvas canvas, int x, int y, long value, YuvColour ink, YuvColour paper)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        Span<byte> digits = stackalloc byte[20];
        var count = 0;
        do
        {
            digits[count++] = (byte)(value % 10);
            value /= 10;
        }
        while (value > 0);

        while (count < MinimumDigits)
        {
            digits[count++] = 0;
        }

        var t = Thickness(canvas.Height);
        var s = 4 * t;
        var digitWidth = s + (2 * t);
        var digitHeight = (2 * s) + (3 * t);
        var advance = digitWidth + (2 * t);
        canvas.FillRect(x, y, (count * advance) + (2 * t), digitHeight + (4 * t), paper);
        for (var i = 0; i < count; i++)
        {
            DrawDigit(canvas, x + (2 * t) + ((count - 1 - i) * advance), y + (2 * t), digits[i], t, s, ink);
        }
    }

    private static void DrawDigit(in YuvCanvas canvas, int x, int y, int digit, int t, int s, YuvColour ink)
    {
        int bits = Segments[digit];
        var right = x + t + s;
        var middle = y + t + s;
        var bottom = y + (2 * (t + s));
        if ((bits & 1) != 0)
        {
            canvas.FillRect(x + t, y, s, t, ink);
        }

        if ((bits & 2) != 0)
        {
            canvas.FillRect(right, y + t, t, s, ink);
        }

        if ((bits & 4) != 0)
        {
            canvas.FillRect(right, middle + t, t, s, ink);
        }

        if ((bits & 8) != 0)
        {
            canvas.FillRect(x + t, bottom, s, t, ink);
        }

        if ((bits & 16) != 0)
        {
            canvas.FillRect(x, middle + t, t, s, ink);
        }

        if ((bits & 32) != 0)
        {
            canvas.FillRect(x, y + t, t, s, ink);
        }

        if ((bits & 64) != 0)
        {
            canvas.FillRect(x + t, middle, s, t, ink);
        }
    }
}
