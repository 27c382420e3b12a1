using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// The hot-plug preview refused (invariant 5): at 320x240 video0 and gpu0 lay NV12 out at pitch 320
/// (their 64-byte alignment), which display0's 256-byte pitch alignment cannot scan out, and a
/// migration cannot change a layout. The attach is refused with the conflict, the run goes on without
/// the preview, and the refusal is one line on stderr.
/// </summary>
public sealed class ExporterPreviewRefusalTests : IDisposable
{
    private const int Frames = 6;
    private const int PreviewAt = 2;
    private readonly RunFolder _folder = new();

    [Fact]
    public void The_refusal_names_display0_and_the_pitch_and_the_run_goes_on()
    {
        var run = Run();

        var report = run.Succeeded();
        var preview = report.LateJoin("display0:overlay");
        Assert.Equal("refused", preview.GetProperty("outcome").GetString());
        var message = preview.GetProperty("message").GetString()!;
        Assert.StartsWith("display0 cannot attach to buffer", message, StringComparison.Ordinal);
        Assert.Contains("pitch alignment 256 does not divide plane 0's pitch 320", message, StringComparison.Ordinal);
        Assert.Equal([$"late join of display0:overlay refused at frame {PreviewAt}: {message}"], run.ErrorLines);
        Assert.Equal(Frames, report.Frames);
        Assert.Equal(Frames, report.Values("display0:primary crc").Count);
        Assert.DoesNotContain(report.ValueNames, p => p.StartsWith("display0:overlay", StringComparison.Ordinal));
    }

    [Fact]
    public void A_refused_attach_copies_nothing_leaves_no_attachment_and_leaks_nothing()
    {
        var report = Run().Succeeded();

        Assert.Equal(0, report.BytesCopied);
        Assert.Equal(0, report.Migrations);
        Assert.Equal(0, report.LateJoin("display0:overlay").GetProperty("bytesCopied").GetInt64());
        Assert.All(report.LinkBuffers("video0:capture"), b =>
        {
            Assert.Equal(320, b.GetProperty("planes")[0].GetProperty("pitch").GetInt32());
            Assert.DoesNotContain("display0", b.GetProperty("attachments").EnumerateArray().Select(a => a.GetString()));
        });
        Assert.Equal(0, report.Leaks);
    }

    public void Dispose() => _folder.Dispose();

    private CliResult Run() => CliResult.Run(_folder, "--allocator", "exporter", "--preview-at", $"{PreviewAt}",
        "--frames", $"{Frames}", "--size", "320x240");
}
