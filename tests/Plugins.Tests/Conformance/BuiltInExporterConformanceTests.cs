using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Testing.Conformance;

namespace PluggableDmaBuf.Plugins.Tests.Conformance;

/// <summary>
/// The framework's built-in exporter, which every built-in stage's buffers carry (no built-in plugin
/// brings an exporter of its own: their <see cref="PipelineStage.OutputExporter"/> is <c>null</c>),
/// through the kit's fakes.
/// </summary>
public sealed class BuiltInExporterConformanceTests : ExporterConformanceTests
{
    protected override DmaBufExporter CreateExporter() => new BuiltInExporter("video0");
}

/// <summary>The built-in exporter through the framework's own factory (strict, real memfd storage), with its migration instead of a refusal.</summary>
public sealed class BuiltInExporterOnCoreConformanceTests : ExporterConformanceTests
{
    protected override DmaBufExporter CreateExporter() => new BuiltInExporter("video0");

    protected override IDmaBufFactory CreateFactory() => new DmaBufCore(MemoryMap.SystemDefault, new DmaBufCoreOptions { Strict = true, TrackLeaks = true });
}
