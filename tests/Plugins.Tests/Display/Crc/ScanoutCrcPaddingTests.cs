using System.IO.Hashing;
using CsCheck;
using PluggableDmaBuf.Plugins.Display.Crc;

namespace PluggableDmaBuf.Plugins.Tests.Display.Crc;

public class ScanoutCrcPaddingTests
{
    private static readonly Gen<(byte[] Image, int RowBytes, int Rows, int PaddingA, int PaddingB, int Offset)> s_images =
        Gen.Select(Gen.Int[1, 80], Gen.Int[1, 20], Gen.Int[0, 40], Gen.Int[0, 40], Gen.Int[0, 100])
            .SelectMany(t => Gen.Byte.Array[t.Item1 * t.Item2].Select(image => (image, t.Item1, t.Item2, t.Item3, t.Item4, t.Item5)));

    [Fact]
    public void The_crc_depends_on_the_visible_bytes_only_not_the_pitch_or_its_padding()
    {
        s_images.Sample(c =>
        {
            var a = Place(c.Image, c.RowBytes, c.Rows, c.PaddingA, c.Offset, 0x00);
            var b = Place(c.Image, c.RowBytes, c.Rows, c.PaddingB, 0, 0xFF);
            var crc = new ScanoutCrc();

            var crcA = crc.ComputePlane(a.Buffer, a.Plane);
            var crcB = crc.ComputePlane(b.Buffer, b.Plane);

            return crcA == crcB && crcA == Crc32.HashToUInt32(c.Image);
        }, iter: 300);
    }

    [Fact]
    public void Changing_any_visible_byte_changes_the_crc()
    {
        s_images.SelectMany(c => Gen.Int[0, c.Image.Length - 1].Select(at => (c, at))).Sample(t =>
        {
            var (c, at) = t;
            var placed = Place(c.Image, c.RowBytes, c.Rows, c.PaddingA, c.Offset, 0x11);
            var crc = new ScanoutCrc();
            var before = crc.ComputePlane(placed.Buffer, placed.Plane);
            var row = at / c.RowBytes;
            placed.Buffer[c.Offset + (row * placed.Plane.Pitch) + (at % c.RowBytes)] ^= 0x40;

            return crc.ComputePlane(placed.Buffer, placed.Plane) != before;
        }, iter: 300);
    }

    private static (byte[] Buffer, PlaneLayout Plane) Place(byte[] image, int rowBytes, int rows, int padding, int offset, byte fill)
    {
        var plane = new PlaneLayout(offset, rowBytes + padding, rows, rowBytes);
        var buffer = new byte[offset + plane.Length];
        Array.Fill(buffer, fill);
        for (var r = 0; r < rows; r++)
        {
            image.AsSpan(r * rowBytes, rowBytes).CopyTo(buffer.AsSpan(offset + (r * plane.Pitch)));
        }

        return (buffer, plane);
    }
}
