using System.Text;
using PluggableDmaBuf.Plugins.Display.Crc;

namespace PluggableDmaBuf.Plugins.Tests.Display.Crc;

public class ScanoutCrcKnownValueTests
{
    [Fact]
    public void A_one_row_plane_has_the_standard_crc32_check_value()
    {
        // "123456789" is the CRC catalogue's check input; CRC-32/ISO-HDLC gives 0xCBF43926.
        var buffer = Encoding.ASCII.GetBytes("xx123456789yy");

        Assert.Equal(0xCBF43926u, new ScanoutCrc().ComputePlane(buffer, new PlaneLayout(2, 9, 1, 9)));
    }

    [Fact]
    public void Rows_are_hashed_in_order_as_one_message()
    {
        // Three rows of "123" with two padding bytes each: the CRC is that of "123456789".
        var buffer = Encoding.ASCII.GetBytes("123..456..789..");

        Assert.Equal(0xCBF43926u, new ScanoutCrc().ComputePlane(buffer, new PlaneLayout(0, 5, 3, 3)));
    }

    [Fact]
    public void An_empty_plane_has_crc_zero_and_an_all_zero_row_has_its_known_crc()
    {
        var crc = new ScanoutCrc();

        Assert.Equal(0u, crc.ComputePlane(new byte[8], new PlaneLayout(0, 4, 0, 4)));
        Assert.Equal(0x2144DF1Cu, crc.ComputePlane(new byte[8], new PlaneLayout(0, 4, 1, 4)));
    }

    [Fact]
    public void A_frame_gets_one_crc_per_plane_in_plane_order()
    {
        var buffer = Encoding.ASCII.GetBytes("123456789\0\0\0\0");
        Span<uint> crcs = stackalloc uint[3];

        new ScanoutCrc().ComputeFrame(buffer, [new PlaneLayout(0, 9, 1, 9), new PlaneLayout(9, 4, 1, 4), new PlaneLayout(0, 3, 3, 3)], crcs);

        Assert.Equal([0xCBF43926u, 0x2144DF1Cu, 0xCBF43926u], crcs.ToArray());
    }

    [Fact]
    public void A_plane_outside_the_buffer_or_too_few_slots_are_refused()
    {
        var crc = new ScanoutCrc();

        Assert.Throws<ArgumentException>(() => crc.ComputePlane(new byte[10], new PlaneLayout(0, 4, 3, 4)));
        Assert.Throws<ArgumentException>(() => crc.ComputePlane(new byte[10], new PlaneLayout(0, 3, 1, 4)));
        Assert.Throws<ArgumentException>(() => crc.ComputeFrame(new byte[10], [new PlaneLayout(0, 4, 1, 4), new PlaneLayout(4, 4, 1, 4)], new uint[1]));
    }
}
