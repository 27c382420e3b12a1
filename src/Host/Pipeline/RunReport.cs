using System.Text.Json;
using System.Text.Json.Serialization;
using PluggableDmaBuf.Host.Hosting;
using PluggableDmaBuf.Host.Pipeline.Links;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>The run report: what <c>--report FILE</c> writes and <c>--json</c> prints.</summary>
internal sealed record RunReport
{
    public required string Allocator { get; init; }

    public required int Frames { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    public required double Seconds { get; init; }

    public required double Fps { get; init; }

    /// <summary>Bytes copied: bounce copies and migrations, and with <see cref="CopyBetweenStages"/> every frame copied on every link.</summary>
    public required long BytesCopied { get; init; }

    /// <summary>Whether the run was the copy-between-stages baseline (<c>--copy-between-stages</c>) rather than sharing.</summary>
    public required bool CopyBetweenStages { get; init; }

    public required long Migrations { get; init; }

    /// <summary>Buffers still alive after shutdown.</summary>
    public required int Leaks { get; init; }

    /// <summary>
    /// Managed bytes the stage threads allocated per frame in the steady state: from frame 10 (half of a
    /// shorter run) up to the last frame, summed over every stage thread, divided by the frames in that
    /// window; 0 for a run that did not complete.
    /// </summary>
    public required double AllocatedBytesPerFrame { get; init; }

    public required IReadOnlyList<BufferReport> Buffers { get; init; }

    /// <summary>The stages' per-frame values by <c>device:stage name</c> (<c>display0:primary crc</c>), in frame order, as each stage formats them.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Values { get; init; }

    public required IReadOnlyList<string> Outputs { get; init; }

    public required IReadOnlyList<PluginReport> Plugins { get; init; }

    /// <summary>The late consumers (<c>start-at</c>, the hot-plug preview): at which frame, and what happened (attached, migrated, refused with the conflict, not reached).</summary>
    public required IReadOnlyList<LateJoin> LateJoins { get; init; }

    /// <summary>
    /// Where the time went, up to the report: each phase's end in milliseconds from the process's start
    /// (<c>main</c>: the runtime's start; <c>command parsed</c>, <c>settings</c>, <c>plugins loaded</c>, <c>host built</c>,
    /// <c>planned</c>, <c>host started</c>; the runner's <c>configured</c> (stages configured, caps
    /// settled), <c>buffers</c> (allocated and attached), <c>stages started</c>, <c>first frame</c> (the
    /// first frame through every stage), <c>last frame</c>, <c>completed</c> (the stages' last work: the last
    /// PNG); <c>host stopped</c>, <c>report</c>).
    /// </summary>
    public required IReadOnlyList<TimelineMark> Timings { get; init; }

    /// <summary>Each stage's busy, wait and hand-off time over the steady state (the frames <see cref="AllocatedBytesPerFrame"/> is measured on).</summary>
    public required IReadOnlyList<StageTiming> Stages { get; init; }

    public static string ToJson(RunReport report) => JsonSerializer.Serialize(report, RunReportJsonContext.Default.RunReport);
}

internal sealed record BufferReport(string Name, string Exporter, string Heap, long Size, string? Format, string? Modifier, int Width, int Height,
    IReadOnlyList<PlaneReport> Planes, int Segments, IReadOnlyList<string> Attachments, long BytesCopied, int Migrations);

internal sealed record PlaneReport(long Offset, int Pitch);

internal sealed record PluginReport(string Name, string? Version, string? Error);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never, GenerationMode = JsonSourceGenerationMode.Serialization)]
[JsonSerializable(typeof(RunReport))]
internal sealed partial class RunReportJsonContext : JsonSerializerContext;
