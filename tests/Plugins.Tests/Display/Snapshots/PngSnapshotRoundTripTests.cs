using CsCheck;
using PluggableDmaBuf.Plugins.Display.Snapshots;
using PluggableDmaBuf.Plugins.Tests.Support;
using StbImageSharp;

namespace PluggableDmaBuf.Plugins.Tests.Display.Snapshots;

public class PngSnapshotRoundTripTests
{
    [Fact]
    public void An_xr24_snapshot_decodes_to_the_same_rgb_pixels()
    {
        Gen.Select(Gen.Int[1, 60], Gen.Int[1, 40], Gen.Int[0, 9].Select(n => 4 * n), Gen.Int[0, 64]).Sample((width, height, padding, offset) =>
        {
            var (buffer, plane) = RandomImage(width, height, padding, offset);
            using var png = new MemoryStream();

            new PngSnapshotWriter().Write(buffer, plane, PixelFormat.XR24, width, height, png);

            var decoded = ImageResult.FromMemory(png.ToArray(), ColorComponents.RedGreenBlue);
            Assert.Equal((width, height, ColorComponents.RedGreenBlue), (decoded.Width, decoded.Height, decoded.SourceComp));
            DecodedRgb.AssertMatches(decoded, buffer, plane, width, height);
        }, iter: 60);
    }

    [Fact]
    public void An_ar24_snapshot_keeps_its_alpha()
    {
        var (width, height) = (17, 9);
        var (buffer, plane) = RandomImage(width, height, 8, 4);
        using var png = new MemoryStream();

        new PngSnapshotWriter().Write(buffer, plane, PixelFormat.AR24, width, height, png);

        var decoded = ImageResult.FromMemory(png.ToArray(), ColorComponents.RedGreenBlueAlpha);
        Assert.Equal(ColorComponents.RedGreenBlueAlpha, decoded.SourceComp);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var at = (int)plane.Offset + (y * plane.Pitch) + (4 * x);
                var rgba = ((y * width) + x) * 4;
                Assert.Equal([buffer[at + 2], buffer[at + 1], buffer[at], buffer[at + 3]], decoded.Data.AsSpan(rgba, 4).ToArray());
            }
        }
    }

    [Fact]
    public void One_writer_serves_images_of_different_sizes_in_turn()
    {
        var writer = new PngSnapshotWriter();
        foreach (var (width, height) in new[] { (40, 30), (3, 2), (41, 31) })
        {
            var (buffer, plane) = RandomImage(width, height, 0, 0);
            using var png = new MemoryStream();
            writer.Write(buffer, plane, PixelFormat.XR24, width, height, png);
            var decoded = ImageResult.FromMemory(png.ToArray(), ColorComponents.RedGreenBlue);
            Assert.Equal((width, height), (decoded.Width, decoded.Height));
            Assert.Equal(buffer[2], decoded.Data[0]);
        }
    }

    [Fact]
    public void A_snapshot_file_starts_with_the_png_signature_and_replaces_an_old_one()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pdmabuf-{Guid.NewGuid():N}.png");
        try
        {
            File.WriteAllBytes(path, new byte[100_000]);
            var (buffer, plane) = RandomImage(8, 8, 0, 0);

            new PngSnapshotWriter().WriteFile(buffer, plane, PixelFormat.XR24, 8, 8, path);

            var bytes = File.ReadAllBytes(path);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], bytes[..8]);
            Assert.True(bytes.Length < 100_000);
            Assert.Equal(8, ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlue).Width);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static (byte[] Buffer, PlaneLayout Plane) RandomImage(int width, int height, int padding, int offset)
    {
        var plane = new PlaneLayout(offset, (4 * width) + padding, height, 4 * width);
        var buffer = new byte[offset + plane.Length];
        Random.Shared.NextBytes(buffer);
        return (buffer, plane);
    }
}
