using System.Text;

namespace PluggableDmaBuf.Plugins.Tests.Support;

/// <summary>Writes Y4M streams for tests: a header line and frames of packed I420 bytes.</summary>
internal static class Y4mBuilder
{
    public static byte[] Build(string header, params byte[][] frames)
    {
        using var stream = new MemoryStream();
        stream.Write(Encoding.ASCII.GetBytes(header + "\n"));
        foreach (var frame in frames)
        {
            stream.Write("FRAME\n"u8);
            stream.Write(frame);
        }

        return stream.ToArray();
    }

    public static int FrameBytes(int width, int height) => (width * height) + (2 * ((width + 1) / 2) * ((height + 1) / 2));

    /// <summary>A frame whose every byte is derived from its position and a seed, so misplaced bytes show.</summary>
    public static byte[] PatternFrame(int width, int height, int seed)
    {
        var frame = new byte[FrameBytes(width, height)];
        for (var i = 0; i < frame.Length; i++)
        {
            frame[i] = (byte)((i * 7) + (seed * 31) + (i / 13));
        }

        return frame;
    }

    /// <summary>The I420 sample of a packed frame: (Y, U, V) of pixel (x, y).</summary>
    public static (byte Y, byte U, byte V) Sample(byte[] frame, int width, int height, int x, int y)
    {
        var cw = (width + 1) / 2;
        var ch = (height + 1) / 2;
        var luma = width * height;
        return (frame[(y * width) + x], frame[luma + ((y / 2) * cw) + (x / 2)], frame[luma + (cw * ch) + ((y / 2) * cw) + (x / 2)]);
    }
}
