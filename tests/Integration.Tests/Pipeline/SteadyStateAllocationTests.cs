using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// The default pipeline allocates no managed memory per frame once it runs: the links re-arm their
/// fences, waits block on the link's lock, leases are values and recorded values go to rows made before
/// the run. The report's allocatedBytesPerFrame (every stage thread, from frame 10 to the last) is 0,
/// in both allocator modes and with a branch reading the capture's buffers too.
/// </summary>
public sealed class SteadyStateAllocationTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Theory]
    [InlineData("central", "video0:capture ! gpu0:convert ! display0:primary")]
    [InlineData("exporter", "video0:capture ! gpu0:convert ! display0:primary")]
    [InlineData("central", "video0:capture name=v ! gpu0:convert ! display0:primary v. ! display0:overlay")]
    public void The_default_pipeline_allocates_nothing_per_frame(string allocator, string graph)
    {
        var report = CliResult.Run(_folder, graph, "--allocator", allocator, "--frames", "60", "--size", "320x240").Succeeded();

        Assert.Equal(60, report.Frames);
        Assert.Equal(0, report.AllocatedBytesPerFrame);
    }

    public void Dispose() => _folder.Dispose();
}
