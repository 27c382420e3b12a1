using PluggableDmaBuf;
using PluggableDmaBuf.Testing.Conformance;

namespace Contoso.Scaler.Tests;

/// <summary>
/// The kit's rules for every pipeline stage, applied to the scale stage: the host's order of calls, ports
/// honoured, no bytes touched outside its frame, everything released, cancellation honoured, and no
/// allocation per frame.
/// </summary>
public sealed class ScaleStageConformanceTests : StageConformanceTests
{
    protected override PipelineStage CreateStage() => new ScaleStage();

    protected override bool SupportsAllocationFreeFrames => true;
}

/// <summary>The same rules with a factor that divides neither side of the frame (64 × 48 by 5): the last blocks are clipped.</summary>
public sealed class ScaleStageOddFactorConformanceTests : StageConformanceTests
{
    protected override PipelineStage CreateStage() => new ScaleStage();

    protected override IEnumerable<KeyValuePair<string, string>> Options => [new("factor", "5")];

    protected override bool SupportsAllocationFreeFrames => true;
}
