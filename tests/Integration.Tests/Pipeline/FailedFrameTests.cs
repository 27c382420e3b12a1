using PluggableDmaBuf.Integration.Tests.Pipeline.Support;
using PluggableDmaBuf.Integration.Tests.Plugins;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// A producer that fails signals its frame's write fence with the error (design §5): what it wrote
/// must not be used. The consumer already waiting on that fence must not scan the broken frame out
/// — display0 captures no CRC for it — and the run fails with the producer's own error.
/// </summary>
public sealed class FailedFrameTests : IDisposable
{
    private readonly RunFolder _folder = new();
    private readonly PluginFolder _fixtures = new PluginFolder().With("Fixture.Stages");

    [Fact]
    public void A_frame_whose_producer_failed_is_never_consumed()
    {
        var config = _folder.Config("""{ "Pipeline": { "Graph": "probe0:broken ! display0:primary" } }""");

        var run = CliResult.Run(_folder, "--plugins", _fixtures.Path, "--config", config, "--frames", "8", "--size", "64x48");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["stage probe0:broken failed: InvalidOperationException: probe0 DMA error in frame 3"], run.ErrorLines);
        var report = run.Report();
        Assert.InRange(report.Values("display0:primary crc").Count, 0, 3);
        Assert.InRange(report.Frames, 0, 3);
        Assert.Equal(0, report.Leaks);
    }

    public void Dispose()
    {
        _fixtures.Dispose();
        _folder.Dispose();
    }
}
