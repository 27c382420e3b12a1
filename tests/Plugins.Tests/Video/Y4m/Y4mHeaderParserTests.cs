using PluggableDmaBuf.Plugins.Video.Y4m;

namespace PluggableDmaBuf.Plugins.Tests.Video.Y4m;

public class Y4mHeaderParserTests
{
    [Fact]
    public void Every_known_tag_is_read()
    {
        var header = Y4mHeaderParser.Parse("W320 H241 F30000:1001 It A128:117 C420mpeg2 XYSCSS=420MPEG2 XCOLORRANGE=FULL", "a.y4m");

        Assert.Equal(320, header.Width);
        Assert.Equal(241, header.Height);
        Assert.Equal((30000, 1001), (header.FrameRateNumerator, header.FrameRateDenominator));
        Assert.Equal('t', header.Interlacing);
        Assert.Equal((128, 117), (header.AspectNumerator, header.AspectDenominator));
        Assert.Equal("420mpeg2", header.Chroma);
        Assert.Equal(Y4mColourRange.Full, header.ColourRange);
        Assert.Equal(["YSCSS=420MPEG2", "COLORRANGE=FULL"], header.Extensions);
        Assert.Equal(160, header.ChromaWidth);
        Assert.Equal(121, header.ChromaHeight);
        Assert.Equal((320 * 241) + (2 * 160 * 121), header.FrameBytes);
        Assert.Equal(29.97, header.FramesPerSecond, 2);
    }

    [Fact]
    public void Absent_optional_tags_take_the_conventional_defaults()
    {
        var header = Y4mHeaderParser.Parse("W2 H2", "a.y4m");

        Assert.Equal("420jpeg", header.Chroma);
        Assert.Equal(Y4mColourRange.Unspecified, header.ColourRange);
        Assert.Equal((25, 1), (header.FrameRateNumerator, header.FrameRateDenominator));
        Assert.Equal('?', header.Interlacing);
        Assert.Equal((0, 0), (header.AspectNumerator, header.AspectDenominator));
    }

    [Theory]
    [InlineData("C420")]
    [InlineData("C420jpeg")]
    [InlineData("C420paldv")]
    [InlineData("C420mpeg2")]
    public void Every_8_bit_420_siting_is_accepted(string tag) =>
        Assert.Equal(tag[1..], Y4mHeaderParser.Parse($"W4 H4 {tag}", "a.y4m").Chroma);

    [Theory]
    [InlineData("XCOLORRANGE=LIMITED", "Limited")]
    [InlineData("XCOLORRANGE=full", "Full")]
    public void The_colour_range_comes_from_xcolorrange(string tag, string expected) =>
        Assert.Equal(expected, Y4mHeaderParser.Parse($"W4 H4 {tag}", "a.y4m").ColourRange.ToString());

    [Fact]
    public void Unknown_tag_letters_are_ignored_and_extra_spaces_tolerated() =>
        Assert.Equal(8, Y4mHeaderParser.Parse("W8  H6 Zsomething ", "a.y4m").Width);
}
