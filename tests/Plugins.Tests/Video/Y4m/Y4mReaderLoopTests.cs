using PluggableDmaBuf.Plugins.Tests.Support;
using PluggableDmaBuf.Plugins.Video.Y4m;

namespace PluggableDmaBuf.Plugins.Tests.Video.Y4m;

public class Y4mReaderLoopTests
{
    private static readonly PlaneLayout[] s_planes = PlaneLayouts.For(PixelFormat.YU12, 4, 2);

    [Fact]
    public void Looping_goes_back_to_the_first_frame_after_the_last_for_ever()
    {
        var frames = Enumerable.Range(0, 3).Select(i => Y4mBuilder.PatternFrame(4, 2, i)).ToArray();
        using var reader = new Y4mReader(new MemoryStream(Y4mBuilder.Build("YUV4MPEG2 W4 H2", frames)), "t.y4m", loop: true);
        var buffer = new byte[PlaneLayouts.BufferLength(s_planes)];

        for (var i = 0; i < 8; i++)
        {
            Assert.True(reader.ReadFrame(buffer, PixelFormat.YU12, s_planes));
            Assert.Equal(frames[i % 3], buffer.AsSpan(0, frames[0].Length).ToArray());
        }

        Assert.Equal(8, reader.FramesRead);
    }

    [Fact]
    public void Rewind_restarts_at_the_first_frame_without_looping()
    {
        var frames = Enumerable.Range(0, 2).Select(i => Y4mBuilder.PatternFrame(4, 2, i)).ToArray();
        using var reader = new Y4mReader(new MemoryStream(Y4mBuilder.Build("YUV4MPEG2 W4 H2", frames)), "t.y4m");
        var buffer = new byte[PlaneLayouts.BufferLength(s_planes)];
        reader.ReadFrame(buffer, PixelFormat.YU12, s_planes);
        reader.ReadFrame(buffer, PixelFormat.YU12, s_planes);

        reader.Rewind();

        Assert.True(reader.ReadFrame(buffer, PixelFormat.YU12, s_planes));
        Assert.Equal(frames[0], buffer.AsSpan(0, frames[0].Length).ToArray());
    }

    [Fact]
    public void Looping_a_stream_that_cannot_seek_is_refused_up_front()
    {
        var e = Assert.Throws<InvalidMediaException>(() =>
            new Y4mReader(new NonSeekableStream(Y4mBuilder.Build("YUV4MPEG2 W4 H2", Y4mBuilder.PatternFrame(4, 2, 0))), "pipe", loop: true));

        Assert.Equal("pipe: cannot loop: the stream cannot seek back to the first frame", e.Message);
    }

    [Fact]
    public void Looping_a_stream_without_frames_fails_instead_of_spinning()
    {
        using var reader = new Y4mReader(new MemoryStream(Y4mBuilder.Build("YUV4MPEG2 W4 H2")), "empty.y4m", loop: true);

        var e = Assert.Throws<InvalidMediaException>(() => reader.ReadFrame(new byte[PlaneLayouts.BufferLength(s_planes)], PixelFormat.YU12, s_planes));

        Assert.Equal("empty.y4m: has no frame to loop over", e.Message);
    }
}
