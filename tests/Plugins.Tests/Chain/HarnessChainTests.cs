using PluggableDmaBuf.Plugins.Display.Stages;
using PluggableDmaBuf.Plugins.Gpu.Stages;
using PluggableDmaBuf.Plugins.Video.Stages;
using PluggableDmaBuf.Testing.Harness;

namespace PluggableDmaBuf.Plugins.Tests.Chain;

/// <summary>The default pipeline's three stages run by the kit's harness, without the host.</summary>
public sealed class HarnessChainTests
{
    [Fact]
    public void Capture_convert_and_scan_out_record_a_crc_per_frame_and_a_snapshot()
    {
        var (capture, convert, primary) = (new CaptureStage(), new ConvertStage(), new PrimaryPlaneStage());
        var result = new StageHarness(capture, convert, primary) { Frames = 3, DefaultCaps = new StreamCaps(64, 48) }
            .WithOption(capture, "source", "testpattern:ball")
            .Run();

        result.AssertCompleted();
        result.AssertClean();
        Assert.Equal(PixelFormat.NV12, result.OutputCapsOf(capture)!.Format);
        Assert.Equal(PixelFormat.XR24, result.InputCapsOf(primary)!.Format);
        var crcs = result.ValuesOf(primary, PrimaryPlaneStage.Crc);
        Assert.Equal(3, crcs.Count(c => c is not null));
        Assert.Equal(3, crcs.Distinct().Count());
        var (path, png) = Assert.Single(result.ReportedFiles);
        Assert.EndsWith("display0-primary-last.png", path);
        Assert.Equal((byte)0x89, png[0]);
    }

    [Fact]
    public void The_same_frames_give_the_same_crcs_on_every_run()
    {
        long?[] Crcs()
        {
            var primary = new PrimaryPlaneStage();
            var result = new StageHarness(new CaptureStage(), new ConvertStage(), primary) { Frames = 2 }.Run();
            result.AssertCompleted();
            return [.. result.ValuesOf(primary, PrimaryPlaneStage.Crc)];
        }

        Assert.Equal(Crcs(), Crcs());
    }
}
