using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// A Y4M file whose header is fine but whose frames are damaged — the third frame cut short, a
/// frame line that is not <c>FRAME</c>, no frame at all. The capture stage checks every frame when
/// it opens the file, before the pipeline starts, so it is the user's bad file like any other:
/// exit code 2 with one line naming the file and the frame, nothing on stdout, and nothing left
/// behind — no output folder and no report (before, the damage was found mid-run and the output
/// folder stayed).
/// </summary>
public sealed class TruncatedY4mTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Fact]
    public void A_truncated_frame_fails_before_the_run_and_leaves_nothing_behind()
    {
        var clip = new Y4mClip(32, 16, frames: 3);
        var source = clip.Write(_folder.File("clip.y4m"));
        var cut = clip.FrameBytes - 100;
        using (var file = new FileStream(source, FileMode.Open))
        {
            file.SetLength(file.Length - 100);
        }

        AssertRefused(source, $"{source}: truncated frame 2 (got {cut} of {clip.FrameBytes} bytes)");
    }

    [Fact]
    public void A_bad_frame_marker_fails_before_the_run_and_leaves_nothing_behind()
    {
        var clip = new Y4mClip(32, 16, frames: 2);
        var source = clip.Write(_folder.File("clip.y4m"));
        var bytes = File.ReadAllBytes(source);
        var second = Array.IndexOf(bytes, (byte)'\n') + 1 + "FRAME\n".Length + clip.FrameBytes;
        Assert.Equal((byte)'F', bytes[second]);
        bytes[second + 4] = (byte)'X';
        File.WriteAllBytes(source, bytes);

        AssertRefused(source, $"{source}: frame 1 does not start with FRAME");
    }

    [Fact]
    public void A_file_without_frames_fails_before_the_run_and_leaves_nothing_behind()
    {
        var source = _folder.File("empty.y4m");
        File.WriteAllText(source, "YUV4MPEG2 W32 H16 F25:1 C420jpeg\n");

        AssertRefused(source, $"{source}: has no frame to loop over");
    }

    public void Dispose() => _folder.Dispose();

    private void AssertRefused(string source, string expected)
    {
        var run = CliResult.Run(_folder, "--source", source, "--frames", "6", "--report", _folder.Report);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([expected], run.ErrorLines);
        Assert.Equal("", run.Out);
        Assert.False(Directory.Exists(_folder.Out), "the output folder was left behind");
        Assert.False(File.Exists(_folder.Report), "a report was left behind");
    }
}
