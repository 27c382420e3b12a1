using System.Text;
using PluggableDmaBuf.Plugins.Tests.Support;
using PluggableDmaBuf.Plugins.Video.Y4m;

namespace PluggableDmaBuf.Plugins.Tests.Video.Y4m;

public class Y4mStreamErrorTests
{
    [Theory]
    [InlineData("RIFF....WAVEfmt ", "input.y4m: not a YUV4MPEG2 stream (bad magic)")]
    [InlineData("YUV4MPEG3 W4 H4\n", "input.y4m: not a YUV4MPEG2 stream (bad magic)")]
    [InlineData("", "input.y4m: is empty (expected a YUV4MPEG2 header)")]
    [InlineData("YUV4MPEG2 W4 H4", "input.y4m: header ends before its newline")]
    [InlineData("YUV4MPEG2 W4 H4 C444\n", "input.y4m: unsupported chroma C444 (only 4:2:0 8-bit: C420, C420jpeg, C420paldv, C420mpeg2)")]
    public void An_unusable_stream_fails_when_the_reader_is_created(string start, string message)
    {
        var e = Assert.Throws<InvalidMediaException>(() => new Y4mReader(new MemoryStream(Encoding.ASCII.GetBytes(start)), "input.y4m"));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_truncated_frame_says_which_frame_and_how_much_was_there()
    {
        var bytes = Y4mBuilder.Build("YUV4MPEG2 W4 H2", Y4mBuilder.PatternFrame(4, 2, 0), Y4mBuilder.PatternFrame(4, 2, 1));
        using var reader = new Y4mReader(new MemoryStream(bytes[..^2]), "input.y4m");
        var planes = PlaneLayouts.For(PixelFormat.NV12, 4, 2);
        var buffer = new byte[PlaneLayouts.BufferLength(planes)];
        reader.ReadFrame(buffer, PixelFormat.NV12, planes);

        var e = Assert.Throws<InvalidMediaException>(() => reader.ReadFrame(buffer, PixelFormat.NV12, planes));

        Assert.Equal("input.y4m: truncated frame 1 (got 10 of 12 bytes)", e.Message);
    }

    [Theory]
    [InlineData("FRAMES\n", "input.y4m: frame 0 does not start with FRAME")]
    [InlineData("FRAM", "input.y4m: truncated frame 0 (the stream ends in its FRAME line)")]
    [InlineData("frame\n", "input.y4m: frame 0 does not start with FRAME")]
    public void A_bad_frame_line_is_reported(string frameLine, string message)
    {
        var bytes = Encoding.ASCII.GetBytes("YUV4MPEG2 W4 H2\n" + frameLine);
        using var reader = new Y4mReader(new MemoryStream(bytes), "input.y4m");
        var planes = PlaneLayouts.For(PixelFormat.NV12, 4, 2);

        var e = Assert.Throws<InvalidMediaException>(() => reader.ReadFrame(new byte[PlaneLayouts.BufferLength(planes)], PixelFormat.NV12, planes));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void An_odd_width_cannot_be_read_into_yuyv()
    {
        using var reader = new Y4mReader(new MemoryStream(Y4mBuilder.Build("YUV4MPEG2 W5 H2", Y4mBuilder.PatternFrame(5, 2, 0))), "input.y4m");
        var planes = PlaneLayouts.For(PixelFormat.YUYV, 6, 2);

        var e = Assert.Throws<InvalidMediaException>(() => reader.ReadFrame(new byte[PlaneLayouts.BufferLength(planes)], PixelFormat.YUYV, planes));

        Assert.Equal("input.y4m: width 5 is odd; YUYV needs an even width", e.Message);
    }

    [Fact]
    public void A_missing_file_is_named_in_the_error()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pdmabuf-missing-{Guid.NewGuid():N}.y4m");

        var e = Assert.Throws<InvalidMediaException>(() => Y4mReader.Open(path));

        Assert.StartsWith($"{path}: cannot open: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_destination_format_video0_does_not_produce_is_refused()
    {
        using var reader = new Y4mReader(new MemoryStream(Y4mBuilder.Build("YUV4MPEG2 W4 H2", Y4mBuilder.PatternFrame(4, 2, 0))), "input.y4m");

        Assert.Throws<InvalidConstraintException>(() => reader.ReadFrame(new byte[64], PixelFormat.XR24, [new PlaneLayout(0, 16, 2, 16)]));
    }
}
