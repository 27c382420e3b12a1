using System.Text.Json;
using System.Text.Json.Serialization;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>The run report of design §8: what <c>--report FILE</c> writes and <c>--json</c> prints.</summary>
internal sealed record RunReport
{
    public required string Allocator { get; init; }

    public required int Frames { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    public required double Seconds { get; init; }

    public required double Fps { get; init; }

    public required long BytesCopied { get; init; }

    public required long Migrations { get; init; }

    /// <summary>Buffers still alive after shutdown.</summary>
    public required int Leaks { get; init; }

    public required IReadOnlyList<BufferReport> Buffers { get; init; }

    /// <summary>CRC-32 of every frame, per display plane (<c>display0.primary</c>, <c>display0.overlay</c>), as 8 hex digits.</summary>
    public required IReadOnlyDictionary<string, IReadOnlyList<string>> Crc { get; init; }

    public required IReadOnlyList<string> Outputs { get; init; }

    public required IReadOnlyList<PluginReport> Plugins { get; init; }

    /// <summary>The hot-plug preview: at which frame, and what happened (attached, migrated, refused with the conflict).</summary>
    public PreviewOutcome? Preview { get; init; }

    public static string ToJson(RunReport report) => JsonSerializer.Serialize(report, RunReportJsonContext.Default.RunReport);
}

internal sealed record BufferReport(string Name, string Heap, long Size, string? Format, string? Modifier,
    IReadOnlyList<PlaneReport> Planes, int Segments, IReadOnlyList<string> Attachments, long BytesCopied, int Migrations);

internal sealed record PlaneReport(long Offset, int Pitch);

internal sealed record PluginReport(string Name, string? Version, string? Error);


[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RunReport))]
internal sealed partial class RunReportJsonContext : JsonSerializerContext;
