using PluggableDmaBuf;
using PluggableDmaBuf.Testing.Harness;

namespace Contoso.Scaler.Tests;

/// <summary>The scale stage run over frames by the kit's harness, the way the host runs it.</summary>
public sealed class ScaleStageTests
{
    [Fact]
    public void Each_output_pixel_is_the_rounded_mean_of_its_block()
    {
        var (stage, sink) = (new ScaleStage(), new VisibleRowsSink());
        var result = new StageHarness(stage, sink) { Frames = 3 }.WithInput(Caps(16, 8), WritePattern).Run();

        result.AssertCompleted();
        result.AssertClean();
        Assert.Equal((8, 4), (result.OutputCapsOf(stage)!.Width, result.OutputCapsOf(stage)!.Height));
        for (var frame = 0; frame < 3; frame++)
        {
            Assert.Equal(BoxFilter(Pattern(16, 8, frame), 16, 8, 2), sink.Frames[frame]);
        }
    }

    [Theory]
    [InlineData("1", 64, 48)]
    [InlineData("4", 16, 12)]
    [InlineData("16", 4, 3)]
    public void The_factor_property_divides_the_size(string factor, int width, int height)
    {
        var stage = new ScaleStage();
        var result = new StageHarness(stage, new VisibleRowsSink()).WithOption(stage, "factor", factor).WithInput(Caps(64, 48)).Run();

        result.AssertCompleted();
        Assert.Equal((width, height), (result.OutputCapsOf(stage)!.Width, result.OutputCapsOf(stage)!.Height));
    }

    [Fact]
    public void An_input_smaller_than_the_factor_gives_one_pixel_its_mean()
    {
        var (stage, sink) = (new ScaleStage(), new VisibleRowsSink());
        var result = new StageHarness(stage, sink) { Frames = 1 }.WithOption(stage, "factor", "4").WithInput(Caps(3, 2), WritePattern).Run();

        result.AssertCompleted();
        Assert.Equal(BoxFilter(Pattern(3, 2, 0), 3, 2, 4), Assert.Single(sink.Frames));
    }

    [Fact]
    public void A_factor_out_of_range_is_refused()
    {
        var stage = new ScaleStage();
        var result = new StageHarness(stage, new VisibleRowsSink()).WithOption(stage, "factor", "0").WithInput(Caps(16, 8)).Run();

        Assert.False(result.Completed);
        Assert.Contains("factor", result.Failure!.Message, StringComparison.Ordinal);
    }

    private static LinkCaps Caps(int width, int height) => new(PixelFormat.XR24, FormatSupport.Linear, new StreamCaps(width, height));

    /// <summary>Each channel of each pixel differs from its neighbours' and from frame to frame.</summary>
    private static byte PatternByte(int x, int y, int channel, int frame) => (byte)((x * 37) + (y * 91) + (channel * 53) + (frame * 11));

    private static void WritePattern(int frame, IDmaBuf buffer, Span<byte> bytes)
    {
        var plane = buffer.Planes[0];
        for (var y = 0; y < buffer.Height; y++)
        {
            for (var x = 0; x < buffer.Width; x++)
            {
                for (var c = 0; c < 4; c++)
                {
                    bytes[(int)plane.Offset + (y * plane.Pitch) + (x * 4) + c] = PatternByte(x, y, c, frame);
                }
            }
        }
    }

    private static byte[] Pattern(int width, int height, int frame)
    {
        var pixels = new byte[width * height * 4];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = PatternByte(i / 4 % width, i / 4 / width, i % 4, frame);
        }

        return pixels;
    }

    /// <summary>The expected output, computed independently of the stage: blocks clipped to the input.</summary>
    private static byte[] BoxFilter(byte[] pixels, int width, int height, int factor)
    {
        var (outWidth, outHeight) = (Math.Max(1, width / factor), Math.Max(1, height / factor));
        var result = new byte[outWidth * outHeight * 4];
        for (var i = 0; i < result.Length; i++)
        {
            var (x, y, c) = (i / 4 % outWidth, i / 4 / outWidth, i % 4);
            var block = (from row in Enumerable.Range(y * factor, factor)
                         from column in Enumerable.Range(x * factor, factor)
                         where column < width && row < height
                         select (int)pixels[(((row * width) + column) * 4) + c]).ToArray();
            result[i] = (byte)((block.Sum() + (block.Length / 2)) / block.Length);
        }

        return result;
    }
}
