using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// <c>--copy-between-stages</c>, the baseline a framework without sharing gives: every link copies each
/// frame into a buffer of each consumer's own. The copies are real (counted frame by frame in the
/// report, into buffers attached to the consumer alone) and change nothing the stages compute.
/// </summary>
public sealed class CopyBetweenStagesTests : IDisposable
{
    private const int Frames = 8;
    private readonly RunFolder _shared = new();
    private readonly RunFolder _copied = new();

    [Theory]
    [InlineData("central", "320x240")]
    [InlineData("exporter", "320x240")]
    [InlineData("central", "98x30")]
    public void Copying_between_stages_keeps_the_crcs_and_counts_every_copy(string allocator, string size)
    {
        var shared = Run(_shared, allocator, size);
        var copied = Run(_copied, allocator, size, "--copy-between-stages");

        Assert.Equal(0, shared.BytesCopied);
        Assert.False(shared.Root.GetProperty("copyBetweenStages").GetBoolean());
        Assert.True(copied.Root.GetProperty("copyBetweenStages").GetBoolean());
        Assert.Equal(Frames, copied.Values("display0:primary crc").Count);
        Assert.Equal(shared.Values("display0:primary crc"), copied.Values("display0:primary crc"));
        Assert.Equal(0, copied.Leaks);

        // Each link: a copy buffer per slot for its consumer, attached to the consumer alone.
        var copies = copied.Buffers.Where(b => b.GetProperty("name").GetString()!.Contains(" copy for ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2 * 2, copies.Length);
        Assert.All(copies, b => Assert.Single(b.GetProperty("attachments").EnumerateArray()));
        Assert.Equal(copied.BytesCopied, copies.Sum(b => b.GetProperty("bytesCopied").GetInt64()));

        // At least the image of every frame crossed each link (a block copy of a plane also takes the padding between its rows).
        var (w, h) = (shared.Width, shared.Height);
        var image = (w * h) + (2 * ((w + 1) / 2) * ((h + 1) / 2)) + (4L * w * h);
        Assert.InRange(copied.BytesCopied, Frames * image, Frames * copies.Sum(b => b.GetProperty("size").GetInt64()) / 2);
    }

    [Fact]
    public void A_late_consumer_gets_its_own_copies_too()
    {
        var shared = Run(_shared, "central", "256x144", "--preview-at", "3");
        var copied = Run(_copied, "central", "256x144", "--preview-at", "3", "--copy-between-stages");

        Assert.Equal(Frames - 3, copied.Values("display0:overlay crc-y").Count);
        Assert.Equal(shared.Values("display0:overlay crc-y"), copied.Values("display0:overlay crc-y"));
        Assert.Equal(shared.Values("display0:overlay crc-uv"), copied.Values("display0:overlay crc-uv"));
        Assert.Equal(shared.Values("display0:primary crc"), copied.Values("display0:primary crc"));
        Assert.Contains(copied.Buffers, b => b.GetProperty("name").GetString()!.EndsWith("copy for display0", StringComparison.Ordinal)
            && b.GetProperty("format").GetString() == "NV12" && b.GetProperty("bytesCopied").GetInt64() > 0);
    }

    public void Dispose()
    {
        _shared.Dispose();
        _copied.Dispose();
    }

    private static RunReportView Run(RunFolder folder, string allocator, string size, params string[] more) =>
        CliResult.Run(folder, ["--allocator", allocator, "--frames", $"{Frames}", "--size", size, .. more]).Succeeded();
}
