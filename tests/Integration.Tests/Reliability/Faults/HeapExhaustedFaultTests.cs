using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Reliability.Faults;

/// <summary>
/// <c>PDMABUF_Faults__HeapExhaustedAt=K</c>-style settings make the run's K-th buffer allocation fail as
/// an exhausted heap would, before any frame: exit 1, one line naming the heap (marked as an injected
/// fault) and the bytes, and the buffers made before it released (no leak), with either allocator.
/// </summary>
public sealed class HeapExhaustedFaultTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Theory]
    [InlineData("central", 1)]
    [InlineData("central", 3)]
    [InlineData("exporter", 4)]
    public void The_kth_allocation_failing_ends_with_exit_1_before_any_frame_and_no_leak(string allocator, int k)
    {
        var config = _folder.Config($$"""{ "Faults": { "HeapExhaustedAt": {{k}} } }""");

        var run = CliResult.Run(_folder, "--config", config, "--frames", "10", "--size", "64x48", "--allocator", allocator,
            "--report", _folder.Report);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Matches($@"^heap (\S+|\(not placed yet\)) \(injected fault: Faults:HeapExhaustedAt={k}, buffer \S+ #[01]\) cannot hold [0-9]+ bytes: 0 bytes free, at most 0 bytes in one allocation$", line);
        var report = RunReportView.Load(_folder.Report);
        Assert.Equal(0, report.Frames);
        Assert.Equal(0, report.Leaks);
    }

    [Fact]
    public void An_allocation_beyond_the_run_is_exit_2()
    {
        var config = _folder.Config("""{ "Faults": { "HeapExhaustedAt": 5 } }""");

        var run = CliResult.Run(_folder, "--config", config, "--frames", "10", "--size", "64x48");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["Faults:HeapExhaustedAt: 5 is beyond the 4 buffers this run allocates"], run.ErrorLines);
    }

    public void Dispose() => _folder.Dispose();
}
