using PluggableDmaBuf.Plugins.Video.Y4m;

namespace PluggableDmaBuf.Plugins.Tests.Video.Y4m;

public class Y4mHeaderErrorTests
{
    private const string Supported = "(only 4:2:0 8-bit: C420, C420jpeg, C420paldv, C420mpeg2)";

    [Theory]
    [InlineData("W320 H240 C444", "input.y4m: unsupported chroma C444 " + Supported)]
    [InlineData("W320 H240 C422", "input.y4m: unsupported chroma C422 " + Supported)]
    [InlineData("W320 H240 Cmono", "input.y4m: unsupported chroma Cmono " + Supported)]
    [InlineData("W320 H240 C420p10", "input.y4m: unsupported chroma C420p10 " + Supported)]
    [InlineData("W320 H240 C444alpha", "input.y4m: unsupported chroma C444alpha " + Supported)]
    [InlineData("H240", "input.y4m: header has no width tag W")]
    [InlineData("W320", "input.y4m: header has no height tag H")]
    [InlineData("W0 H240", "input.y4m: width 0 is out of range (1 to 16384)")]
    [InlineData("W320 H99999", "input.y4m: height 99999 is out of range (1 to 16384)")]
    [InlineData("W-3 H240", "input.y4m: bad width tag W-3 (expected a number)")]
    [InlineData("W320 H240 F30", "input.y4m: bad frame rate tag F30 (expected two positive numbers as N:D)")]
    [InlineData("W320 H240 F0:1", "input.y4m: bad frame rate tag F0:1 (expected two positive numbers as N:D)")]
    [InlineData("W320 H240 A1:0", "input.y4m: bad pixel aspect tag A1:0 (expected two numbers, both 0 when unknown as N:D)")]
    [InlineData("W320 H240 Ix", "input.y4m: bad interlacing tag Ix (Ip, It, Ib, Im or I?)")]
    [InlineData("W320 H240 XCOLORRANGE=MAYBE", "input.y4m: bad colour range XCOLORRANGE=MAYBE (XCOLORRANGE=LIMITED or XCOLORRANGE=FULL)")]
    public void An_unusable_header_is_one_line_naming_the_file_and_the_problem(string tags, string message)
    {
        var e = Assert.Throws<InvalidMediaException>(() => Y4mHeaderParser.Parse(tags, "input.y4m"));

        Assert.Equal(message, e.Message);
        Assert.Equal("input.y4m", e.Media);
        Assert.DoesNotContain('\n', e.Message);
    }
}
