using System.Text;
using PluggableDmaBuf.Plugins.Tests.Support;
using PluggableDmaBuf.Plugins.Video.Y4m;

namespace PluggableDmaBuf.Plugins.Tests.Video.Y4m;

/// <summary>
/// <see cref="Y4mReader.Open"/> checks a file before it delivers any frame: every frame's FRAME
/// line and full payload, and that a looping source has a frame at all — so a damaged clip fails
/// before a pipeline starts (and before it creates its output folder), not part-way through a run.
/// Only a regular file is opened: a FIFO would block the open and could not loop anyway.
/// </summary>
public sealed class Y4mOpenCheckTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pdmabuf-y4m-").FullName;

    [Fact]
    public void A_truncated_last_frame_fails_at_open()
    {
        var bytes = Y4mBuilder.Build("YUV4MPEG2 W4 H2", Y4mBuilder.PatternFrame(4, 2, 0), Y4mBuilder.PatternFrame(4, 2, 1), Y4mBuilder.PatternFrame(4, 2, 2));
        var path = Write("cut.y4m", bytes[..^5]);

        var e = Assert.Throws<InvalidMediaException>(() => Y4mReader.Open(path, loop: true));

        Assert.Equal($"{path}: truncated frame 2 (got 7 of 12 bytes)", e.Message);
    }

    [Theory]
    [InlineData("FRAMX\n", "frame 1 does not start with FRAME")]
    [InlineData("FRAM", "truncated frame 1 (the stream ends in its FRAME line)")]
    [InlineData("FRAME", "truncated frame 1 (the stream ends in its FRAME line)")]
    public void A_bad_frame_line_after_a_good_frame_fails_at_open(string line, string expected)
    {
        var good = Y4mBuilder.Build("YUV4MPEG2 W4 H2", Y4mBuilder.PatternFrame(4, 2, 0));
        var path = Write("bad.y4m", [.. good, .. Encoding.ASCII.GetBytes(line)]);

        var e = Assert.Throws<InvalidMediaException>(() => Y4mReader.Open(path));

        Assert.Equal($"{path}: {expected}", e.Message);
    }

    [Fact]
    public void A_looping_source_without_frames_fails_at_open_and_a_plain_reader_just_ends()
    {
        var path = Write("empty.y4m", Encoding.ASCII.GetBytes("YUV4MPEG2 W4 H2\n"));

        Assert.Equal($"{path}: has no frame to loop over", Assert.Throws<InvalidMediaException>(() => Y4mReader.Open(path, loop: true)).Message);
        using var reader = Y4mReader.Open(path);
        var planes = PlaneLayouts.For(PixelFormat.NV12, 4, 2);
        Assert.False(reader.ReadFrame(new byte[PlaneLayouts.BufferLength(planes)], PixelFormat.NV12, planes));
    }

    [Fact]
    public void A_good_file_is_read_from_its_first_frame_after_the_check()
    {
        var frames = Enumerable.Range(0, 3).Select(i => Y4mBuilder.PatternFrame(4, 2, i)).ToArray();
        var path = Write("good.y4m", Y4mBuilder.Build("YUV4MPEG2 W4 H2", frames));
        var planes = PlaneLayouts.For(PixelFormat.YU12, 4, 2);
        var buffer = new byte[PlaneLayouts.BufferLength(planes)];

        using var reader = Y4mReader.Open(path, loop: true);

        for (var i = 0; i < 4; i++)
        {
            Assert.True(reader.ReadFrame(buffer, PixelFormat.YU12, planes));
            Assert.Equal(frames[i % 3], buffer.AsSpan(0, frames[0].Length).ToArray());
        }
    }

    [Fact]
    public void A_fifo_is_refused_without_blocking()
    {
        var path = Path.Combine(_folder, "live.y4m");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [path]))
        {
            mkfifo.WaitForExit();
        }

        var e = Assert.Throws<InvalidMediaException>(() => Y4mReader.Open(path, loop: true));

        Assert.Equal($"{path}: cannot open: is a FIFO, not a regular file", e.Message);
    }

    [Fact]
    public void A_directory_and_a_device_say_what_they_are()
    {
        Assert.Equal($"{_folder}: cannot open: is a directory", Assert.Throws<InvalidMediaException>(() => Y4mReader.Open(_folder)).Message);
        Assert.Equal("/dev/zero: cannot open: is a character device, not a regular file",
            Assert.Throws<InvalidMediaException>(() => Y4mReader.Open("/dev/zero")).Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
