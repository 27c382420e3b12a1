using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Reliability.Faults;

/// <summary>
/// <c>Faults:FenceNeverSignalled=STAGE@5</c>: the stage's device hangs after frame 5 with its fences for
/// it pending. The stall watcher reports the hung stage and its fence (exit 1, one line saying the
/// fault was injected); the fences are signalled with an error when the run stops, and nothing leaks.
/// A producer (its write fence), a transform (write and read) and a sink (its read fence, found when
/// its producer comes back to the buffer).
/// </summary>
public sealed class FenceNeverSignalledFaultTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Theory]
    [InlineData("video0:capture", "write", "video0:capture\u2192gpu0:convert")]
    [InlineData("gpu0:convert", "write", "gpu0:convert\u2192display0:primary")]
    [InlineData("display0:primary", "read", "gpu0:convert\u2192display0:primary")]
    public void A_hung_fence_is_reported_as_a_stall_naming_the_stage_with_exit_1_and_no_leak(string stage, string fence, string link)
    {
        var config = _folder.Config($$"""
            { "Faults": { "FenceNeverSignalled": "{{stage}}@5" }, "Pipeline": { "StallTimeoutSeconds": 0.5 } }
            """);

        var run = CliResult.Run(_folder, "--config", config, "--frames", "20", "--size", "64x48", "--report", _folder.Report);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Matches(
            $@"^pipeline stalled: {stage} has not signalled its {fence} fence for frame 5 on buffer #1 of link {link} for [0-9.]+ s " +
            $@"\(injected fault: Faults:FenceNeverSignalled={stage}@5\)$", line);
        var report = RunReportView.Load(_folder.Report);
        Assert.InRange(report.Frames, 0, 5);
        Assert.Equal(0, report.Leaks);
    }

    public void Dispose() => _folder.Dispose();
}
