using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// An odd frame size is a valid NV12 size (the chroma plane rounds up); YUYV, which video0 and gpu0
/// also share, needs an even width, and the runner leaves it out of the candidates rather than
/// failing the whole request.
/// </summary>
public sealed class OddSizeTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Theory]
    [InlineData("63x48", "central")]
    [InlineData("63x47", "exporter")]
    [InlineData("64x47", "central")]
    [InlineData("3x3", "exporter")]
    public void An_odd_size_runs_in_nv12(string size, string allocator)
    {
        var report = CliResult.Run(_folder, "--size", size, "--allocator", allocator, "--frames", "4").Succeeded();

        Assert.Equal(size, $"{report.Width}x{report.Height}");
        Assert.All(report.LinkBuffers("video0:capture"), b => Assert.Equal("NV12", b.GetProperty("format").GetString()));
        Assert.Equal(4, report.Values("display0:primary crc").Count);
        Assert.Equal(0, report.Leaks);
    }

    public void Dispose() => _folder.Dispose();
}
