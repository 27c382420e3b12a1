using PluggableDmaBuf.Plugins.Video.Stages;
using PluggableDmaBuf.Testing.Conformance;

namespace PluggableDmaBuf.Plugins.Tests.Conformance;

/// <summary><c>video0:capture</c> with its default test pattern.</summary>
public sealed class CaptureStageConformanceTests : StageConformanceTests
{
    protected override PipelineStage CreateStage() => new CaptureStage();

    protected override bool SupportsAllocationFreeFrames => true;
}

/// <summary><c>video0:capture</c> with the moving-ball pattern, which differs per frame.</summary>
public sealed class CaptureStageBallConformanceTests : StageConformanceTests
{
    protected override PipelineStage CreateStage() => new CaptureStage();

    protected override IEnumerable<KeyValuePair<string, string>> Options => [new("source", "testpattern:ball")];

    protected override bool SupportsAllocationFreeFrames => true;
}
