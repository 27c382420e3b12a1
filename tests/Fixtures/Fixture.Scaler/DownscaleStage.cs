using PluggableDmaBuf;

namespace Fixture.Scaler;

/// <summary><c>scaler0:down</c>: halves width and height, each output pixel the rounded mean of a 2×2 block (per channel).</summary>
public sealed class DownscaleStage() : PipelineStage("down", ScalerPlugin.Scaler)
{
    public override StagePort Input { get; } = new(ScalerPlugin.Scaler, ["scale"]);

    public override StagePort Output { get; } = new(ScalerPlugin.Scaler, ["scale"]);

    public override StreamCaps ResolveOutput(IStageContext context, LinkCaps? input) =>
        input!.Stream with { Width = Math.Max(1, input.Width / 2), Height = Math.Max(1, input.Height / 2) };

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
        var source = frame.Input.GetLinearSpan();
        var target = frame.Output.GetLinearSpan();
        var inPlane = frame.Input.Buffer!.Planes[0];
        var outPlane = frame.Output.Buffer!.Planes[0];
        var output = frame.Output.Buffer!;
        for (var y = 0; y < output.Height; y++)
        {
            var row0 = source.Slice((int)inPlane.Offset + (2 * y * inPlane.Pitch));
            var row1 = source.Slice((int)inPlane.Offset + (((2 * y) + 1) * inPlane.Pitch));
            var outRow = target.Slice((int)outPlane.Offset + (y * outPlane.Pitch));
            for (var x = 0; x < output.Width; x++)
            {
                for (var c = 0; c < 4; c++)
                {
                    var i = (8 * x) + c;
                    outRow[(4 * x) + c] = (byte)((row0[i] + row0[i + 4] + row1[i] + row1[i + 4] + 2) / 4);
                }
            }
        }
    }
}
