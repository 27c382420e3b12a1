using PluggableDmaBuf.Plugins.Tests.Support;
using PluggableDmaBuf.Plugins.Video.Y4m;

namespace PluggableDmaBuf.Plugins.Tests.Video.Y4m;

public class Y4mReaderAllocationTests
{
    [Theory]
    [InlineData("NV12")]
    [InlineData("YU12")]
    [InlineData("YUYV")]
    public void Reading_frames_allocates_nothing_even_across_a_loop(string fourCC)
    {
        var format = PixelFormat.Parse(fourCC);
        var (width, height) = (64, 36);
        var frames = Enumerable.Range(0, 4).Select(i => Y4mBuilder.PatternFrame(width, height, i)).ToArray();
        using var reader = new Y4mReader(new MemoryStream(Y4mBuilder.Build($"YUV4MPEG2 W{width} H{height}", frames)), "t.y4m", loop: true);
        var planes = PlaneLayouts.For(format, width, height, 32);
        var buffer = new byte[PlaneLayouts.BufferLength(planes)];
        Assert.Equal(0, Allocations.SteadyState(_ => reader.ReadFrame(buffer, format, planes)));
    }
}
