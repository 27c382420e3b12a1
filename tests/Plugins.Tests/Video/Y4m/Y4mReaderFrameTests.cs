using CsCheck;
using PluggableDmaBuf.Plugins.Tests.Support;
using PluggableDmaBuf.Plugins.Video.Y4m;

namespace PluggableDmaBuf.Plugins.Tests.Video.Y4m;

public class Y4mReaderFrameTests
{
    [Fact]
    public void Each_frame_lands_in_the_destination_planes_sample_for_sample()
    {
        Gen.Select(Gen.OneOfConst(PixelFormat.NV12, PixelFormat.YU12, PixelFormat.YUYV), Gen.Int[1, 70], Gen.Int[1, 40], Gen.Int[0, 40], Gen.Int[0, 70], Gen.Int[1, 3])
            .Sample((format, width, height, padding, gap, frameCount) =>
            {
                width = format.RequiresEvenWidth ? Math.Max(2, width & ~1) : width;
                var frames = Enumerable.Range(0, frameCount).Select(i => Y4mBuilder.PatternFrame(width, height, i)).ToArray();
                using var reader = new Y4mReader(new MemoryStream(Y4mBuilder.Build($"YUV4MPEG2 W{width} H{height} F25:1 Ip C420jpeg", frames)), "t.y4m");
                var planes = PlaneLayouts.For(format, width, height, padding, gap);
                var buffer = new byte[PlaneLayouts.BufferLength(planes)];

                foreach (var frame in frames)
                {
                    Assert.True(reader.ReadFrame(buffer, format, planes));
                    for (var y = 0; y < height; y++)
                    {
                        for (var x = 0; x < width; x++)
                        {
                            var expected = Y4mBuilder.Sample(frame, width, height, x, y);
                            var actual = YuvPixels.At(buffer, format, planes, x, y);
                            if (expected != actual)
                            {
                                throw new InvalidOperationException($"{format} {width}x{height} ({x}, {y}): expected {expected}, got {actual}");
                            }
                        }
                    }
                }

                Assert.False(reader.ReadFrame(buffer, format, planes));
                Assert.Equal(frameCount, reader.FramesRead);
            }, iter: 120);
    }

    [Fact]
    public void Frames_are_read_one_at_a_time_not_the_whole_stream()
    {
        var (width, height) = (16, 8);
        var bytes = Y4mBuilder.Build("YUV4MPEG2 W16 H8", [.. Enumerable.Range(0, 10).Select(i => Y4mBuilder.PatternFrame(width, height, i))]);
        var stream = new MemoryStream(bytes);
        using var reader = new Y4mReader(stream, "t.y4m");
        var planes = PlaneLayouts.For(PixelFormat.NV12, width, height);

        reader.ReadFrame(new byte[PlaneLayouts.BufferLength(planes)], PixelFormat.NV12, planes);

        Assert.Equal("YUV4MPEG2 W16 H8\n".Length + "FRAME\n".Length + Y4mBuilder.FrameBytes(width, height), stream.Position);
    }

    [Fact]
    public void Frame_parameters_are_skipped_and_a_stream_that_cannot_seek_plays_once()
    {
        var frame = Y4mBuilder.PatternFrame(4, 2, 5);
        var withParameters = "YUV4MPEG2 W4 H2\nFRAME Ip XFOO=1\n"u8.ToArray().Concat(frame).ToArray();
        using var reader = new Y4mReader(new NonSeekableStream(withParameters), "pipe");
        var planes = PlaneLayouts.For(PixelFormat.YU12, 4, 2);
        var buffer = new byte[PlaneLayouts.BufferLength(planes)];

        Assert.True(reader.ReadFrame(buffer, PixelFormat.YU12, planes));
        Assert.Equal(frame, buffer.AsSpan(0, frame.Length).ToArray());
        Assert.False(reader.ReadFrame(buffer, PixelFormat.YU12, planes));
    }

    [Fact]
    public void At_the_end_the_destination_is_left_untouched()
    {
        using var reader = new Y4mReader(new MemoryStream(Y4mBuilder.Build("YUV4MPEG2 W4 H4")), "t.y4m");
        var planes = PlaneLayouts.For(PixelFormat.NV12, 4, 4);
        var buffer = Enumerable.Repeat((byte)9, PlaneLayouts.BufferLength(planes)).ToArray();

        Assert.False(reader.ReadFrame(buffer, PixelFormat.NV12, planes));
        Assert.All(buffer, b => Assert.Equal(9, b));
    }

    [Fact]
    public void A_file_opens_by_path_and_closes_with_the_reader()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pdmabuf-{Guid.NewGuid():N}.y4m");
        File.WriteAllBytes(path, Y4mBuilder.Build("YUV4MPEG2 W6 H4 XCOLORRANGE=LIMITED", Y4mBuilder.PatternFrame(6, 4, 1)));
        try
        {
            using (var reader = Y4mReader.Open(path))
            {
                Assert.Equal(path, reader.Name);
                Assert.Equal(Y4mColourRange.Limited, reader.Header.ColourRange);
                var planes = PlaneLayouts.For(PixelFormat.NV12, 6, 4);
                Assert.True(reader.ReadFrame(new byte[PlaneLayouts.BufferLength(planes)], PixelFormat.NV12, planes));
            }

            File.Delete(path);
            Assert.False(File.Exists(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
