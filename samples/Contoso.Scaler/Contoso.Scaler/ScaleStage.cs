using PluggableDmaBuf;

namespace Contoso.Scaler;

/// <summary>
/// <c>contoso0:scale</c>: shrinks each frame by a whole factor (property <c>factor</c>, 2 by default), each
/// output pixel the rounded mean, per channel, of its factor × factor block of input pixels (a box filter).
/// Reads and writes 32-bit RGB (XR24, AR24), linear.
/// </summary>
public sealed class ScaleStage() : PipelineStage("scale", ScalerPlugin.Device)
{
    internal const string Usage = "scale";

    public static readonly StageProperty<int> Factor = StageProperty.Int32("factor", 2,
        "how many input pixels make one output pixel, across and down", minimum: 1, maximum: 16);

    private int _factor;

    public override string Description => "Box-filter downscale of 32-bit RGB by a whole factor.";

    public override StagePort Input { get; } = new(ScalerPlugin.Device, [Usage]);

    public override StagePort Output { get; } = new(ScalerPlugin.Device, [Usage]);

    public override IReadOnlyList<StageProperty> Properties { get; } = [Factor];

    public override void Configure(IStageContext context) => _factor = context.Options.Get(Factor);

    /// <summary>The input's stream, its size divided by the factor (at least one pixel each way).</summary>
    public override StreamCaps ResolveOutput(IStageContext context, LinkCaps? input)
    {
        var stream = input?.Stream ?? context.DefaultCaps;
        return stream with { Width = Math.Max(1, stream.Width / _factor), Height = Math.Max(1, stream.Height / _factor) };
    }

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
        var input = frame.Input.Buffer!;
        var output = frame.Output.Buffer!;
        var source = frame.Input.GetLinearSpan();
        var target = frame.Output.GetLinearSpan();
        var inPlane = input.Planes[0];
        var outPlane = output.Planes[0];
        var factor = _factor;
        for (var y = 0; y < output.Height; y++)
        {
            // A block is clipped to the input: an input smaller than the factor still gives its mean.
            var top = y * factor;
            var bottom = Math.Min(top + factor, input.Height);
            var outRow = target.Slice((int)outPlane.Offset + (y * outPlane.Pitch), output.Width * 4);
            for (var x = 0; x < output.Width; x++)
            {
                var left = x * factor;
                var right = Math.Min(left + factor, input.Width);
                int b = 0, g = 0, r = 0, a = 0;
                for (var row = top; row < bottom; row++)
                {
                    var pixels = source.Slice((int)inPlane.Offset + (row * inPlane.Pitch) + (left * 4), (right - left) * 4);
                    for (var i = 0; i < pixels.Length; i += 4)
                    {
                        b += pixels[i];
                        g += pixels[i + 1];
                        r += pixels[i + 2];
                        a += pixels[i + 3];
                    }
                }

                var count = (bottom - top) * (right - left);
                var pixel = outRow.Slice(x * 4, 4);
                pixel[0] = (byte)((b + (count / 2)) / count);
                pixel[1] = (byte)((g + (count / 2)) / count);
                pixel[2] = (byte)((r + (count / 2)) / count);
                pixel[3] = (byte)((a + (count / 2)) / count);
            }
        }
    }
}
