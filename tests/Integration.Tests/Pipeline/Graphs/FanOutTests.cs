using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline.Graphs;

/// <summary>
/// One producer, two consumers from one pool: <c>video0:capture name=v ! gpu0:convert ! display0:primary
/// v. ! display0:overlay</c>. The capture's three buffers are read by both, each consumer with its own
/// read fence, and both branches see every frame exactly once, in both allocator modes.
/// </summary>
public sealed class FanOutTests : IDisposable
{
    private const int Frames = 12;
    private const string Graph = "video0:capture name=v ! gpu0:convert ! display0:primary v. ! display0:overlay";
    private readonly RunFolder _folder = new();

    [Theory]
    [InlineData("central")]
    [InlineData("exporter")]
    public void Both_branches_read_every_frame_once_from_one_pool(string allocator)
    {
        var report = CliResult.Run(_folder, Graph, "--allocator", allocator, "--frames", $"{Frames}", "--size", "256x144",
            "--source", "testpattern:ball").Succeeded();

        var pool = report.LinkBuffers("video0:capture");
        Assert.Equal(2, pool.Count);
        Assert.All(pool, b => Assert.StartsWith("video0:capture\u2192gpu0:convert+display0:overlay #", b.GetProperty("name").GetString(), StringComparison.Ordinal));
        Assert.All(pool, b => Assert.Equal(["video0", "gpu0", "display0"], b.GetProperty("attachments").EnumerateArray().Select(a => a.GetString())));
        Assert.Equal(Frames, report.Values("display0:primary crc").Count);
        var luma = report.Values("display0:overlay crc-y");
        Assert.Equal(Frames, luma.Count);
        Assert.Equal(Frames, luma.Distinct().Count());
        Assert.Equal(Frames, report.Frames);
        Assert.Equal(0, report.BytesCopied);
        Assert.Equal(0, report.Leaks);
    }

    [Fact]
    public void The_branch_does_not_change_what_the_primary_plane_shows()
    {
        using var other = new RunFolder();

        var fanOut = CliResult.Run(_folder, Graph, "--frames", "6", "--size", "64x48").Succeeded();
        var chain = CliResult.Run(other, "--frames", "6", "--size", "64x48").Succeeded();

        Assert.Equal(chain.Values("display0:primary crc"), fanOut.Values("display0:primary crc"));
    }

    public void Dispose() => _folder.Dispose();
}
