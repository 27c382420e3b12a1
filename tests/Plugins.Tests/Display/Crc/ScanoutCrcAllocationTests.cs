using PluggableDmaBuf.Plugins.Tests.Support;
using PluggableDmaBuf.Plugins.Display.Crc;

namespace PluggableDmaBuf.Plugins.Tests.Display.Crc;

public class ScanoutCrcAllocationTests
{
    [Fact]
    public void Computing_frame_crcs_allocates_nothing()
    {
        var planes = new[] { new PlaneLayout(0, 1344, 180, 1280), new PlaneLayout(241920, 1280, 90, 1280) };
        var buffer = new byte[241920 + (1280 * 90)];
        var crcs = new uint[2];
        var crc = new ScanoutCrc();
        Assert.Equal(0, Allocations.SteadyState(_ => crc.ComputeFrame(buffer, planes, crcs)));
    }
}
