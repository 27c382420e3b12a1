using PluggableDmaBuf;

namespace Fixture.Scaler;

/// <summary><c>tiler0:scan</c>: a sink for tiled XR24 only.</summary>
public sealed class TiledSinkStage() : PipelineStage("scan", ScalerPlugin.Tiler)
{
    public override StagePort Input { get; } = new(ScalerPlugin.Tiler, ["tiled-scanout"]);

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
    }
}
