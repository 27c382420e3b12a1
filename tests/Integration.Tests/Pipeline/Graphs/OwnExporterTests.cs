using PluggableDmaBuf.Integration.Tests.Pipeline.Support;
using PluggableDmaBuf.Integration.Tests.Plugins;

namespace PluggableDmaBuf.Integration.Tests.Pipeline.Graphs;

/// <summary>
/// A source that brings its own exporter (probe1:source, a fixture): its link's buffers carry its
/// callbacks in both allocator modes — exported by probe1 without the central allocator, placed by
/// the allocator with it — and every callback runs as documented: each attach detached, each map
/// unmapped, each buffer released exactly once. The report names the exporter of every buffer.
/// </summary>
public sealed class OwnExporterTests : IDisposable
{
    private const int Frames = 10;
    private readonly RunFolder _folder = new();
    private readonly PluginFolder _fixtures = new PluginFolder().With("Fixture.Scaler");

    [Theory]
    [InlineData("central")]
    [InlineData("exporter")]
    public void The_source_exporter_callbacks_run_as_documented(string allocator)
    {
        var report = CliResult.Run(_folder, "probe1:source ! scaler0:down ! checker0:sum", "--plugins", _fixtures.Path,
            "--allocator", allocator, "--frames", $"{Frames}", "--size", "64x48").Succeeded();

        Assert.Equal(allocator, report.Allocator);
        Assert.All(report.LinkBuffers("probe1:source"), b => Assert.Equal("probe1", b.GetProperty("exporter").GetString()));
        Assert.All(report.LinkBuffers("scaler0:down"), b => Assert.NotEqual("probe1", b.GetProperty("exporter").GetString()));
        var counts = File.ReadAllText(Path.Combine(_folder.Out, "probe1-exporter.txt")).Split(' ')
            .Select(p => p.Split('=')).ToDictionary(p => p[0], p => int.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));

        // Three buffers, each attached by probe1 and scaler0; every frame maps each buffer once per stage.
        Assert.Equal(4, counts["attach"]);
        Assert.Equal(4, counts["detach"]);
        Assert.Equal(2, counts["release"]);
        Assert.Equal(2 * Frames, counts["map"]);
        Assert.Equal(counts["map"], counts["unmap"]);
        Assert.Equal(Frames, report.Values("checker0:sum sum").Count);
        Assert.Equal(0, report.Leaks);
    }

    public void Dispose()
    {
        _fixtures.Dispose();
        _folder.Dispose();
    }
}
