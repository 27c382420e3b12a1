using PluggableDmaBuf.Integration.Tests.Pipeline.Support;
using StbImageSharp;

namespace PluggableDmaBuf.Integration.Tests.Authoring;

/// <summary>
/// The plugin made from the template, built from packages, loads into the real <c>pdmabuf</c> process beside
/// the standard plugins, and its stage runs in a pipeline: the frame display0 scans out after
/// <c>contoso0:scale</c> is the box-filtered frame it scans out without it.
/// </summary>
[Collection(AuthoringCollection.Name)]
public sealed class LoadedPluginTests(OutsiderPluginFixture outsider) : IDisposable
{
    private const int Frames = 5;
    private readonly RunFolder _scaled = new();
    private readonly RunFolder _unscaled = new();

    [Fact]
    public async Task Its_stage_runs_between_the_standard_stages()
    {
        var scaled = await RunAsync(_scaled, "video0:capture ! gpu0:convert ! contoso0:scale factor=2 ! display0:primary");
        var unscaled = await RunAsync(_unscaled, "video0:capture ! gpu0:convert ! display0:primary");

        Assert.Equal(Frames, scaled.Frames);
        Assert.Equal(0, scaled.Leaks);
        Assert.Equal(0, scaled.BytesCopied);
        Assert.All(scaled.LinkBuffers("contoso0:scale"), b => Assert.Equal((320, 240), (b.GetProperty("width").GetInt32(), b.GetProperty("height").GetInt32())));
        var big = Png(unscaled);
        var small = Png(scaled);
        Assert.Equal((320, 240), (small.Width, small.Height));
        Assert.Equal(BoxFilter(big, 2), small.Data);
    }

    public void Dispose()
    {
        _scaled.Dispose();
        _unscaled.Dispose();
    }

    private async Task<RunReportView> RunAsync(RunFolder folder, string pipeline)
    {
        var result = await HostProcess.RunAsync(["run", pipeline, "--plugins", CliResult.RealPlugins, "--plugins", outsider.PluginFolder,
            "--frames", $"{Frames}", "--size", "640x480", "--out", folder.Out, "--json"]);
        Assert.True(result.ExitCode == 0, $"pdmabuf run \"{pipeline}\": {result}");
        return RunReportView.Parse(result.Out);
    }

    private static ImageResult Png(RunReportView report) =>
        ImageResult.FromMemory(File.ReadAllBytes(Assert.Single(report.Outputs, o => o.EndsWith("display0-primary-last.png", StringComparison.Ordinal))), ColorComponents.RedGreenBlue);

    /// <summary>The rounded mean of each factor × factor block, per channel, of an RGB image.</summary>
    private static byte[] BoxFilter(ImageResult image, int factor)
    {
        var width = image.Width / factor;
        var height = image.Height / factor;
        var result = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var sum = 0;
                    for (var dy = 0; dy < factor; dy++)
                    {
                        for (var dx = 0; dx < factor; dx++)
                        {
                            sum += image.Data[((((y * factor) + dy) * image.Width) + (x * factor) + dx) * 3 + c];
                        }
                    }

                    result[(((y * width) + x) * 3) + c] = (byte)((sum + (factor * factor / 2)) / (factor * factor));
                }
            }
        }

        return result;
    }
}
