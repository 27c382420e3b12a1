using PluggableDmaBuf.Plugins.Tests.Support;
using PluggableDmaBuf.Plugins.Video.Patterns;

namespace PluggableDmaBuf.Plugins.Tests.Video.Patterns;

public class TestPatternAllocationTests
{
    [Theory]
    [InlineData("NV12", TestPatternKind.Smpte)]
    [InlineData("YU12", TestPatternKind.Ball)]
    [InlineData("YUYV", TestPatternKind.Ball)]
    public void Rendering_frames_allocates_nothing(string fourCC, TestPatternKind kind)
    {
        var format = PixelFormat.Parse(fourCC);
        var planes = PlaneLayouts.For(format, 320, 180, 64);
        var buffer = new byte[PlaneLayouts.BufferLength(planes)];
        var generator = new TestPatternGenerator((TestPattern)kind, format, 320, 180);
        var allocated = Allocations.SteadyState(frame => generator.Render(buffer, planes, frame));

        Assert.Equal(0, allocated);
    }

    public enum TestPatternKind
    {
        Smpte = TestPattern.Smpte,
        Ball = TestPattern.Ball,
    }
}
