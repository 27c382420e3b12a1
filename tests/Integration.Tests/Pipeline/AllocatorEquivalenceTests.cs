using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// Where a buffer is placed, and whether it migrated on the way, never changes the picture: the
/// central allocator and the exporter fallback give display0 the same CRCs for the same input.
/// </summary>
public sealed class AllocatorEquivalenceTests : IDisposable
{
    private const int Frames = 8;
    private readonly RunFolder _central = new();
    private readonly RunFolder _exporter = new();

    [Theory]
    [InlineData("320x240", "testpattern:smpte")]
    [InlineData("64x48", "testpattern:ball")]
    public void Both_allocators_give_the_same_primary_crcs(string size, string source)
    {
        var central = Run(_central, "central", size, source);
        var exporter = Run(_exporter, "exporter", size, source);

        Assert.Equal(Frames, central.Values("display0:primary crc").Count);
        Assert.Equal(central.Values("display0:primary crc"), exporter.Values("display0:primary crc"));
    }

    [Fact]
    public void Migrated_buffers_keep_their_content()
    {
        var central = Run(_central, "central", "256x144", "testpattern:ball", "--preview-at", "3");
        var exporter = Run(_exporter, "exporter", "256x144", "testpattern:ball", "--preview-at", "3");

        Assert.Equal("attached", central.LateJoin("display0:overlay").GetProperty("outcome").GetString());
        Assert.Equal("migrated", exporter.LateJoin("display0:overlay").GetProperty("outcome").GetString());
        Assert.Equal(central.Values("display0:primary crc"), exporter.Values("display0:primary crc"));
        Assert.Equal(Frames - 3, exporter.Values("display0:overlay crc-y").Count);
        Assert.Equal(central.Values("display0:overlay crc-y"), exporter.Values("display0:overlay crc-y"));
        Assert.Equal(central.Values("display0:overlay crc-uv"), exporter.Values("display0:overlay crc-uv"));
    }

    public void Dispose()
    {
        _central.Dispose();
        _exporter.Dispose();
    }

    private static RunReportView Run(RunFolder folder, string allocator, string size, string source, params string[] more)
    {
        var report = CliResult.Run(folder, ["--allocator", allocator, "--frames", $"{Frames}", "--size", size, "--source", source, .. more]).Succeeded();
        Assert.Equal(allocator, report.Allocator);
        return report;
    }
}
