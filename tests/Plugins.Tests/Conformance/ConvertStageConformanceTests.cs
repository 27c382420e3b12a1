using PluggableDmaBuf.Plugins.Gpu.Stages;
using PluggableDmaBuf.Testing.Conformance;

namespace PluggableDmaBuf.Plugins.Tests.Conformance;

/// <summary><c>gpu0:convert</c>, fed every YUV format it declares.</summary>
public sealed class ConvertStageConformanceTests : StageConformanceTests
{
    protected override PipelineStage CreateStage() => new ConvertStage();

    protected override bool SupportsAllocationFreeFrames => true;
}

/// <summary><c>gpu0:convert</c> with BT.709 full range set by its properties.</summary>
public sealed class ConvertStageBt709ConformanceTests : StageConformanceTests
{
    protected override PipelineStage CreateStage() => new ConvertStage();

    protected override IEnumerable<KeyValuePair<string, string>> Options => [new("matrix", "bt709"), new("range", "full")];

    protected override bool SupportsAllocationFreeFrames => true;
}
