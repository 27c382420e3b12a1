using PluggableDmaBuf.Plugins.Tests.Support;
using PluggableDmaBuf.Plugins.Video.Patterns;

namespace PluggableDmaBuf.Plugins.Tests.Video.Patterns;

public class TestPatternArgumentTests
{
    [Fact]
    public void A_format_video0_does_not_produce_is_refused_by_name()
    {
        var e = Assert.Throws<InvalidConstraintException>(() => new TestPatternGenerator(TestPattern.Smpte, PixelFormat.XR24, 64, 48));
        Assert.Equal("format: video0 cannot produce XR24 (it produces NV12, YU12 and YUYV)", e.Message);
    }

    [Fact]
    public void An_odd_width_is_refused_for_yuyv_and_accepted_for_420()
    {
        var e = Assert.Throws<InvalidConstraintException>(() => new TestPatternGenerator(TestPattern.Ball, PixelFormat.YUYV, 33, 10));
        Assert.Equal("size: YUYV needs an even width, 33 is odd", e.Message);
        _ = new TestPatternGenerator(TestPattern.Ball, PixelFormat.NV12, 33, 11);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, -1)]
    public void A_size_that_is_not_positive_is_refused(int width, int height) =>
        Assert.Throws<InvalidConstraintException>(() => new TestPatternGenerator(TestPattern.Smpte, PixelFormat.NV12, width, height));

    [Fact]
    public void A_layout_too_small_for_the_image_is_refused_before_anything_is_written()
    {
        var planes = PlaneLayouts.For(PixelFormat.NV12, 64, 48);
        var buffer = new byte[(int)planes[1].Offset + 10];
        var generator = new TestPatternGenerator(TestPattern.Smpte, PixelFormat.NV12, 64, 48);

        var e = Assert.Throws<ArgumentException>(() => generator.Render(buffer, planes, 0));

        Assert.StartsWith("plane 1 (UV)", e.Message, StringComparison.Ordinal);
        Assert.All(buffer, b => Assert.Equal(0, b));
    }

    [Fact]
    public void A_layout_with_the_wrong_plane_count_is_refused()
    {
        var generator = new TestPatternGenerator(TestPattern.Smpte, PixelFormat.YU12, 64, 48);
        var planes = PlaneLayouts.For(PixelFormat.NV12, 64, 48);

        Assert.Throws<ArgumentException>(() => generator.Render(new byte[PlaneLayouts.BufferLength(planes)], planes, 0));
    }

    [Theory]
    [InlineData("smpte", "Smpte")]
    [InlineData("BALL", "Ball")]
    [InlineData(" Ball ", "Ball")]
    public void Pattern_names_parse_case_insensitively(string name, string expected) =>
        Assert.Equal(expected, TestPatternNames.Parse(name).ToString());

    [Fact]
    public void An_unknown_pattern_name_lists_the_known_ones()
    {
        var e = Assert.Throws<InvalidConstraintException>(() => TestPatternNames.Parse("zoneplate"));
        Assert.Equal("source: unknown test pattern 'zoneplate' (known: smpte, ball)", e.Message);
    }
}
