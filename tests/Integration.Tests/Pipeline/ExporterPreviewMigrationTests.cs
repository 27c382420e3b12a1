using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// The hot-plug preview without the central allocator (design §7, invariant 5): video0 placed its
/// buffers for gpu0 alone, scattered; display0 needs one contiguous segment below 4 GiB, so each
/// buffer of the link already placed migrates once — every byte counted — and the overlay then scans out. At
/// 256x144 the NV12 pitch (256) suits display0's 256-byte pitch alignment, so nothing else is in the way.
/// </summary>
public sealed class ExporterPreviewMigrationTests : IDisposable
{
    private const int Frames = 8;
    private const int PreviewAt = 3;
    private readonly RunFolder _folder = new();

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_buffer_of_the_link_migrates_once_and_every_byte_is_counted(int linkDepth)
    {
        var report = Run(linkDepth);

        Assert.Equal("exporter", report.Allocator);
        Assert.Equal("migrated", report.LateJoin("display0:overlay").GetProperty("outcome").GetString());
        var link = report.LinkBuffers("video0:capture");
        Assert.Equal(linkDepth, link.Count);
        Assert.All(link, b =>
        {
            Assert.Equal(1, b.GetProperty("migrations").GetInt32());
            Assert.Equal(b.GetProperty("size").GetInt64(), b.GetProperty("bytesCopied").GetInt64());
            AssertReachableByDisplay0(b);
        });
        var migrated = link.Sum(b => b.GetProperty("size").GetInt64());
        Assert.True(migrated > 0);
        Assert.Equal(migrated, report.BytesCopied);
        Assert.Equal(migrated, report.LateJoin("display0:overlay").GetProperty("bytesCopied").GetInt64());
        Assert.Equal(linkDepth, report.Migrations);
        Assert.Equal(linkDepth, report.LateJoin("display0:overlay").GetProperty("migrations").GetInt64());
        Assert.All(report.LinkBuffers("gpu0:convert"), b => Assert.Equal(0, b.GetProperty("bytesCopied").GetInt64()));
        Assert.Equal(0, report.Leaks);
    }

    [Fact]
    public void A_buffer_not_yet_mapped_at_the_attach_is_placed_for_display0_without_a_migration()
    {
        // Five buffers, three used before frame 3: the last two are still unplaced (deferred
        // allocation, invariant 4), so their first map places them where display0 reaches them.
        var report = Run(linkDepth: 5);

        var link = report.LinkBuffers("video0:capture");
        Assert.Equal([1, 1, 1, 0, 0], link.Select(b => b.GetProperty("migrations").GetInt32()));
        Assert.All(link, AssertReachableByDisplay0);
        Assert.Equal(PreviewAt, report.Migrations);
        Assert.Equal(link.Take(PreviewAt).Sum(b => b.GetProperty("size").GetInt64()), report.BytesCopied);
        Assert.Equal(0, report.Leaks);
    }

    [Fact]
    public void The_overlay_scans_out_from_frame_n_after_the_migration()
    {
        var report = CliResult.Run(_folder, "--allocator", "exporter", "--preview-at", $"{PreviewAt}",
            "--frames", $"{Frames}", "--size", "256x144").Succeeded();

        Assert.Equal(Frames - PreviewAt, report.Values("display0:overlay crc-y").Count);
        Assert.Equal(Frames - PreviewAt, report.Values("display0:overlay crc-uv").Count);
        Assert.Equal(Frames, report.Values("display0:primary crc").Count);
    }

    public void Dispose() => _folder.Dispose();

    private RunReportView Run(int linkDepth)
    {
        var config = _folder.Config($$"""{ "Pipeline": { "LinkDepth": {{linkDepth}} } }""");
        return CliResult.Run(_folder, "--config", config, "--allocator", "exporter", "--preview-at", $"{PreviewAt}",
            "--frames", $"{Frames}", "--size", "256x144").Succeeded();
    }

    private static void AssertReachableByDisplay0(System.Text.Json.JsonElement buffer)
    {
        Assert.Equal("cma", buffer.GetProperty("heap").GetString());
        Assert.Equal(1, buffer.GetProperty("segments").GetInt32());
        Assert.Contains("display0", buffer.GetProperty("attachments").EnumerateArray().Select(a => a.GetString()));
    }
}
