using PluggableDmaBuf.Integration.Tests.Pipeline.Support;
using PluggableDmaBuf.Integration.Tests.Plugins;

namespace PluggableDmaBuf.Integration.Tests.Pipeline.Graphs;

/// <summary>
/// Caps per link: a 2× downscaler (scaler0:down, a fixture plugin) says it halves the size, so the
/// last link of <c>video0:capture ! gpu0:convert ! scaler0:down ! checker0:sum</c> negotiates its
/// buffers at half the size while the first two keep the source's.
/// </summary>
public sealed class ScaledChainTests : IDisposable
{
    private const int Frames = 8;
    private readonly RunFolder _folder = new();
    private readonly PluginFolder _fixtures = new PluginFolder().With("Fixture.Scaler");

    [Theory]
    [InlineData("central")]
    [InlineData("exporter")]
    public void The_link_after_the_scaler_is_half_the_size(string allocator)
    {
        var report = CliResult.Run(_folder, "video0:capture ! gpu0:convert ! scaler0:down ! checker0:sum", "--plugins", _fixtures.Path,
            "--allocator", allocator, "--frames", $"{Frames}", "--size", "160x96", "--source", "testpattern:ball").Succeeded();

        Assert.All(report.LinkBuffers("video0:capture"), b => Assert.Equal((160, 96, "NV12"), Size(b)));
        Assert.All(report.LinkBuffers("gpu0:convert"), b => Assert.Equal((160, 96, "XR24"), Size(b)));
        var last = report.LinkBuffers("scaler0:down");
        Assert.Equal(2, last.Count);
        Assert.All(last, b => Assert.Equal((80, 48, "XR24"), Size(b)));
        var sums = report.Values("checker0:sum sum");
        Assert.Equal(Frames, sums.Count);
        Assert.Equal(Frames, sums.Distinct().Count());
        Assert.Equal(Frames, report.Frames);
        Assert.Equal(0, report.Leaks);
    }

    [Fact]
    public void The_checksums_do_not_depend_on_the_allocator()
    {
        using var other = new RunFolder();
        string[] args = ["video0:capture ! gpu0:convert ! scaler0:down ! checker0:sum", "--plugins", _fixtures.Path, "--frames", "4", "--size", "64x48"];

        var central = CliResult.Run(_folder, [.. args, "--allocator", "central"]).Succeeded();
        var exporter = CliResult.Run(other, [.. args, "--allocator", "exporter"]).Succeeded();

        Assert.Equal(central.Values("checker0:sum sum"), exporter.Values("checker0:sum sum"));
    }

    public void Dispose()
    {
        _fixtures.Dispose();
        _folder.Dispose();
    }

    private static (int Width, int Height, string? Format) Size(System.Text.Json.JsonElement buffer) =>
        (buffer.GetProperty("width").GetInt32(), buffer.GetProperty("height").GetInt32(), buffer.GetProperty("format").GetString());
}
