using PluggableDmaBuf.Integration.Tests.Pipeline.Support;
using StbImageSharp;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// A Y4M file through the whole pipeline: video0 reads it into NV12, gpu0 converts it (BT.601 limited
/// range, as the file does not say otherwise), display0 writes the last frame as PNG. Every pixel of
/// the PNG is within ±2 of an independent floating-point conversion of the file's samples.
/// </summary>
public sealed class Y4mSourceTests : IDisposable
{
    private const int Tolerance = 2;
    private readonly RunFolder _folder = new();

    [Theory]
    [InlineData(64, 48, "C420jpeg")]
    [InlineData(96, 64, "C420")]
    [InlineData(33, 21, "C420mpeg2")]
    public void The_png_of_the_last_frame_matches_a_reference_conversion(int width, int height, string chroma)
    {
        var clip = new Y4mClip(width, height, frames: 3);
        var source = clip.Write(_folder.File("clip.y4m"), chroma);

        var report = CliResult.Run(_folder, "--source", source, "--frames", "3").Succeeded();

        Assert.Equal(0, report.Leaks);
        var image = ImageResult.FromMemory(File.ReadAllBytes(Assert.Single(report.Outputs)), ColorComponents.RedGreenBlue);
        Assert.Equal((width, height), (image.Width, image.Height));
        var worst = 0;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (yy, u, v) = clip.Sample(2, x, y);
                var (r, g, b) = Bt601Reference.ToRgb(yy, u, v);
                var at = 3 * ((y * width) + x);
                var error = Math.Max(Math.Abs(image.Data[at] - r), Math.Max(Math.Abs(image.Data[at + 1] - g), Math.Abs(image.Data[at + 2] - b)));
                Assert.True(error <= Tolerance,
                    $"pixel ({x}, {y}) from Y'CbCr ({yy}, {u}, {v}): got RGB ({image.Data[at]}, {image.Data[at + 1]}, {image.Data[at + 2]}), expected ({r}, {g}, {b})");
                worst = Math.Max(worst, error);
            }
        }

        // Not a constant picture by accident: the clip spans most of the colour range.
        Assert.True(image.Data.Distinct().Count() > 200);
        Assert.InRange(worst, 0, Tolerance);
    }

    [Fact]
    public void The_files_own_size_wins_over_the_size_option()
    {
        var source = new Y4mClip(48, 32, frames: 2).Write(_folder.File("clip.y4m"));

        var report = CliResult.Run(_folder, "--source", source, "--frames", "4", "--size", "320x240").Succeeded();

        Assert.Equal((48, 32), (report.Width, report.Height));
        var image = ImageResult.FromMemory(File.ReadAllBytes(Assert.Single(report.Outputs)), ColorComponents.RedGreenBlue);
        Assert.Equal((48, 32), (image.Width, image.Height));
    }

    [Fact]
    public void A_clip_shorter_than_the_run_loops()
    {
        var source = new Y4mClip(32, 16, frames: 2).Write(_folder.File("clip.y4m"));

        var crcs = CliResult.Run(_folder, "--source", source, "--frames", "6").Succeeded().Values("display0:primary crc");

        Assert.Equal(6, crcs.Count);
        Assert.NotEqual(crcs[0], crcs[1]);
        Assert.Equal([crcs[0], crcs[1], crcs[0], crcs[1], crcs[0], crcs[1]], crcs);
    }

    public void Dispose() => _folder.Dispose();
}
