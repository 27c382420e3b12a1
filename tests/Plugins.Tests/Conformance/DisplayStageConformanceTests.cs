using PluggableDmaBuf.Plugins.Display.Stages;
using PluggableDmaBuf.Testing.Conformance;

namespace PluggableDmaBuf.Plugins.Tests.Conformance;

/// <summary><c>display0:primary</c>: CRC per frame, a PNG of the last frame (not measured for allocation).</summary>
public sealed class PrimaryPlaneStageConformanceTests : StageConformanceTests
{
    protected override PipelineStage CreateStage() => new PrimaryPlaneStage();

    protected override bool SupportsAllocationFreeFrames => true;
}

/// <summary><c>display0:overlay</c>: CRCs of the NV12 planes per frame.</summary>
public sealed class OverlayPlaneStageConformanceTests : StageConformanceTests
{
    protected override PipelineStage CreateStage() => new OverlayPlaneStage();

    protected override bool SupportsAllocationFreeFrames => true;
}
