using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// A Y4M file whose header is fine but whose third frame is cut short: the reader finds out only
/// when it gets there, with the pipeline running. It is still the user's bad file, so exit code 2
/// with one line naming the file and the frame; the run stops, reports what it did (on stdout with
/// --json, and in --report), and releases every buffer.
/// </summary>
public sealed class TruncatedY4mTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Fact]
    public void A_truncated_frame_stops_the_run_with_exit_code_2_and_no_leak()
    {
        var clip = new Y4mClip(32, 16, frames: 3);
        var source = clip.Write(_folder.File("clip.y4m"));
        var cut = clip.FrameBytes - 100;
        using (var file = new FileStream(source, FileMode.Open))
        {
            file.SetLength(file.Length - 100);
        }

        var run = CliResult.Run(_folder, "--source", source, "--frames", "6", "--report", _folder.Report);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal([$"{source}: truncated frame 2 (got {cut} of {clip.FrameBytes} bytes)"], run.ErrorLines);
        var report = run.Report();
        Assert.Equal(0, report.Leaks);
        Assert.InRange(report.Frames, 0, 2);
        Assert.InRange(report.Values("display0:primary crc").Count, 0, 2);
        Assert.Equal(0, RunReportView.Load(_folder.Report).Leaks);
    }

    public void Dispose() => _folder.Dispose();
}
