using System.Buffers.Binary;
using System.IO.Hashing;
using PluggableDmaBuf.Plugins.Display.Snapshots;
using StbImageSharp;

namespace PluggableDmaBuf.Plugins.Tests.Display.Snapshots;

/// <summary>
/// A snapshot larger than one IDAT chunk is cut into several, each with a correct CRC, and still
/// decodes to the same pixels; the file is signature, IHDR, IDAT…, IEND and nothing else.
/// </summary>
public class PngSnapshotChunkTests
{
    [Theory]
    [InlineData(301, 203, 12)]
    [InlineData(640, 360, 0)]
    public void A_large_snapshot_spans_several_idat_chunks_and_decodes_the_same(int width, int height, int padding)
    {
        var plane = new PlaneLayout(0, (4 * width) + padding, height, 4 * width);
        var buffer = new byte[plane.Length];
        new Random(width).NextBytes(buffer);
        using var png = new MemoryStream();

        new PngSnapshotWriter().Write(buffer, plane, PixelFormat.XR24, width, height, png);

        var chunks = Chunks(png.ToArray());
        Assert.Equal("IHDR", chunks[0]);
        Assert.Equal("IEND", chunks[^1]);
        Assert.All(chunks[1..^1], c => Assert.Equal("IDAT", c));
        Assert.True(chunks.Count - 2 > 1, $"{chunks.Count - 2} IDAT chunk(s) for {width}x{height} of random pixels");
        var decoded = ImageResult.FromMemory(png.ToArray(), ColorComponents.RedGreenBlue);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var at = (y * plane.Pitch) + (4 * x);
                var rgb = ((y * width) + x) * 3;
                if (decoded.Data[rgb] != buffer[at + 2] || decoded.Data[rgb + 1] != buffer[at + 1] || decoded.Data[rgb + 2] != buffer[at])
                {
                    Assert.Fail($"pixel ({x}, {y}) differs");
                }
            }
        }
    }

    /// <summary>The chunk types in order, checking each chunk's CRC and that nothing follows IEND.</summary>
    private static List<string> Chunks(byte[] png)
    {
        var types = new List<string>();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var typeAndData = png.AsSpan(at + 4, 4 + length);
            Assert.Equal(Crc32.HashToUInt32(typeAndData), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length)));
            Assert.InRange(length, 0, PngChunkStream.ChunkBytes);
            types.Add(System.Text.Encoding.ASCII.GetString(typeAndData[..4]));
            at += 12 + length;
            Assert.True(at <= png.Length, "a chunk runs past the end of the file");
        }

        return types;
    }
}
