namespace PluggableDmaBuf.Host.Tests.Cli.Support;

/// <summary>A stage whose constructor throws, as one whose port names a format its device does not declare does.</summary>
internal sealed class ThrowingConstructorStage : PipelineStage
{
    public ThrowingConstructorStage()
        : base("ctor", StageListingsHarness.Device("probe0")) =>
        throw new InvalidOperationException("the firmware table is missing");

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
    }
}
