using PluggableDmaBuf.Integration.Tests.Pipeline.Support;
using StbImageSharp;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// The default pipeline video0 → gpu0 → display0 with the central allocator, small: nothing is
/// copied, nothing leaks, display0 captures a CRC per frame and writes the last frame's PNG.
/// </summary>
public sealed class DefaultRunTests : IDisposable
{
    private const int Frames = 12;
    private readonly RunFolder _folder = new();

    [Fact]
    public void A_run_copies_nothing_and_leaks_nothing()
    {
        var report = Run(_folder).Succeeded();

        Assert.Equal("central", report.Allocator);
        Assert.Equal(Frames, report.Frames);
        Assert.Equal((160, 120), (report.Width, report.Height));
        Assert.Equal(0, report.BytesCopied);
        Assert.Equal(0, report.Migrations);
        Assert.Equal(0, report.Leaks);
        Assert.Equal(4, report.Buffers.Count);
        Assert.All(report.Buffers, b => Assert.Equal(0, b.GetProperty("bytesCopied").GetInt64()));
        Assert.Empty(report.LateJoins);
    }

    [Fact]
    public void The_last_frame_is_written_as_a_png_listed_in_the_outputs()
    {
        var report = Run(_folder).Succeeded();

        var png = Path.Combine(_folder.Out, "display0-primary-last.png");
        Assert.Equal([png], report.Outputs);
        var image = ImageResult.FromMemory(File.ReadAllBytes(png), ColorComponents.RedGreenBlue);
        Assert.Equal((160, 120), (image.Width, image.Height));
    }

    [Fact]
    public void Display0_captures_one_crc_per_frame_and_consecutive_frames_differ()
    {
        var crcs = Run(_folder).Succeeded().Values("display0:primary crc");

        Assert.Equal(Frames, crcs.Count);
        Assert.All(crcs, c => Assert.Matches("^[0-9a-f]{8}$", c));
        for (var i = 1; i < crcs.Count; i++)
        {
            Assert.NotEqual(crcs[i - 1], crcs[i]);
        }
    }

    [Fact]
    public void Two_runs_of_the_same_input_give_the_same_crcs()
    {
        using var other = new RunFolder();

        var first = Run(_folder).Succeeded().Values("display0:primary crc");
        var second = Run(other).Succeeded().Values("display0:primary crc");

        Assert.Equal(first, second);
    }

    [Fact]
    public void The_summary_without_json_names_the_totals_and_the_png()
    {
        var run = CliResult.Of("run", "--plugins", CliResult.RealPlugins, "--out", _folder.Out, "--frames", "3", "--size", "64x48");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("", run.Error);
        Assert.Contains("3 at 64x48", run.Out, StringComparison.Ordinal);
        Assert.Contains("display0-primary-last.png", run.Out, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static CliResult Run(RunFolder folder) =>
        CliResult.Run(folder, "--frames", $"{Frames}", "--size", "160x120", "--source", "testpattern:ball");
}
