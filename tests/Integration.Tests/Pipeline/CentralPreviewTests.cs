using System.IO.Hashing;
using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// The hot-plug preview with the central allocator (design §7): video0's buffers were placed for
/// every declared consumer of their usage, so display0's overlay attaches at frame N where they are,
/// copying nothing, and scans out exactly frames N onwards.
/// </summary>
public sealed class CentralPreviewTests : IDisposable
{
    private const int Frames = 10;
    private const int PreviewAt = 4;
    private readonly RunFolder _folder = new();
    private readonly Y4mClip _clip = new(64, 48, Frames);

    [Fact]
    public void The_late_overlay_attaches_without_copying()
    {
        var report = Run().Succeeded();

        Assert.Equal("attached", report.LateJoin("display0:overlay").GetProperty("outcome").GetString());
        Assert.Equal(PreviewAt, report.LateJoin("display0:overlay").GetProperty("atFrame").GetInt32());
        Assert.Equal(0, report.LateJoin("display0:overlay").GetProperty("bytesCopied").GetInt64());
        Assert.Equal(0, report.LateJoin("display0:overlay").GetProperty("migrations").GetInt64());
        Assert.Equal(0, report.BytesCopied);
        Assert.Equal(0, report.Migrations);
        Assert.Equal(0, report.Leaks);
        var link = report.LinkBuffers("video0:capture");
        Assert.Equal(2, link.Count);
        Assert.All(link, b => Assert.Contains("display0", b.GetProperty("attachments").EnumerateArray().Select(a => a.GetString())));
    }

    [Fact]
    public void The_overlay_scans_out_exactly_the_frames_from_n_on()
    {
        var report = Run().Succeeded();

        // display0 captures the visible bytes of each NV12 plane, so the expected CRCs come straight from the clip.
        var frames = Enumerable.Range(PreviewAt, Frames - PreviewAt).ToArray();
        Assert.Equal(frames.Select(k => Crc(_clip.LumaPlane(k))), report.Values("display0:overlay crc-y"));
        Assert.Equal(frames.Select(k => Crc(_clip.InterleavedChroma(k))), report.Values("display0:overlay crc-uv"));
        Assert.Equal(Frames, report.Values("display0:primary crc").Count);
    }

    public void Dispose() => _folder.Dispose();

    private CliResult Run() => CliResult.Run(_folder, "--allocator", "central", "--preview-at", $"{PreviewAt}",
        "--frames", $"{Frames}", "--source", _clip.Write(_folder.File("clip.y4m")));

    private static string Crc(ReadOnlySpan<byte> bytes) => Crc32.HashToUInt32(bytes).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
}
