using System.Text;

namespace PluggableDmaBuf.Integration.Tests.Pipeline.Support;

/// <summary>
/// A small 8-bit 4:2:0 clip built in memory and written as a YUV4MPEG2 file: every frame differs,
/// and the samples sweep the whole 0..255 range (so the conversion's clamping is exercised too).
/// </summary>
internal sealed class Y4mClip
{
    private readonly byte[][] _frames;

    public Y4mClip(int width, int height, int frames)
    {
        Width = width;
        Height = height;
        _frames = [.. Enumerable.Range(0, frames).Select(Build)];
    }

    public int Width { get; }

    public int Height { get; }

    public int ChromaWidth => (Width + 1) / 2;

    public int ChromaHeight => (Height + 1) / 2;

    public int FrameCount => _frames.Length;

    public int FrameBytes => (Width * Height) + (2 * ChromaWidth * ChromaHeight);

    /// <summary>The packed I420 bytes of a frame: Y, then U, then V, no padding.</summary>
    public byte[] Frame(int index) => _frames[index];

    public (byte Y, byte U, byte V) Sample(int frame, int x, int y)
    {
        var bytes = _frames[frame];
        var luma = Width * Height;
        var chroma = ((y / 2) * ChromaWidth) + (x / 2);
        return (bytes[(y * Width) + x], bytes[luma + chroma], bytes[luma + (ChromaWidth * ChromaHeight) + chroma]);
    }

    /// <summary>The visible bytes of the Y plane, rows in order (what a CRC capture of NV12 plane 0 covers).</summary>
    public ReadOnlySpan<byte> LumaPlane(int frame) => _frames[frame].AsSpan(0, Width * Height);

    /// <summary>The NV12 UV plane the frame becomes: U and V interleaved, row by row.</summary>
    public byte[] InterleavedChroma(int frame)
    {
        var bytes = _frames[frame];
        var luma = Width * Height;
        var plane = ChromaWidth * ChromaHeight;
        var uv = new byte[2 * plane];
        for (var i = 0; i < plane; i++)
        {
            uv[2 * i] = bytes[luma + i];
            uv[(2 * i) + 1] = bytes[luma + plane + i];
        }

        return uv;
    }

    /// <summary>Writes the clip with the given header tags after the size (for example <c>C420jpeg</c>).</summary>
    public string Write(string path, string tags = "C420jpeg")
    {
        using var file = File.Create(path);
        file.Write(Encoding.ASCII.GetBytes($"YUV4MPEG2 W{Width} H{Height} F25:1 Ip A1:1 {tags}\n"));
        foreach (var frame in _frames)
        {
            file.Write("FRAME\n"u8);
            file.Write(frame);
        }

        return path;
    }

    private byte[] Build(int frame)
    {
        var bytes = new byte[FrameBytes];
        var luma = Width * Height;
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                bytes[(y * Width) + x] = (byte)((x * 255 / Math.Max(1, Width - 1)) + (y * 3) + (frame * 37));
            }
        }

        var plane = ChromaWidth * ChromaHeight;
        for (var cy = 0; cy < ChromaHeight; cy++)
        {
            for (var cx = 0; cx < ChromaWidth; cx++)
            {
                var i = (cy * ChromaWidth) + cx;
                bytes[luma + i] = (byte)((cx * 11) + (cy * 7) + (frame * 53));
                bytes[luma + plane + i] = (byte)(255 - (cx * 5) + (cy * 13) + (frame * 19));
            }
        }

        return bytes;
    }
}
