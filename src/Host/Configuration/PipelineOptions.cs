using System.Globalization;
using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Configuration;

/// <summary>
/// The <c>Pipeline</c> section: what <c>pdmabuf run</c> does (design §7, §8). Every field has a
/// command-line option; defaults come from the embedded configuration.
/// </summary>
internal sealed class PipelineOptions
{
    public const string Section = "Pipeline";

    /// <summary>The chain of stages, as <c>device:stage</c>, source first.</summary>
    public List<string> Stages { get; set; } = [];

    /// <summary>The stage that previews the first link's buffers from <see cref="PreviewAt"/> on.</summary>
    public string Preview { get; set; } = "display0:overlay";

    /// <summary>Frames to process, at least 1.</summary>
    public int Frames { get; set; } = 300;

    /// <summary>Frame size as <c>WIDTHxHEIGHT</c>; a Y4M source brings its own size unless this is given explicitly.</summary>
    public string Size { get; set; } = "1920x1080";

    /// <summary><c>testpattern</c>, <c>testpattern:smpte</c>, <c>testpattern:ball</c> or a <c>.y4m</c> file.</summary>
    public string Source { get; set; } = "testpattern:smpte";

    /// <summary><c>auto</c> (central when the CentralAllocator plugin is loaded), <c>central</c> or <c>exporter</c>.</summary>
    public string Allocator { get; set; } = "auto";

    /// <summary>The frame at which display0's overlay plane starts importing video0's buffers; none when unset.</summary>
    public int? PreviewAt { get; set; }

    /// <summary>Where snapshots (and the report, when <c>--report</c> is a bare name) go.</summary>
    public string Out { get; set; } = "out";

    /// <summary>A PNG snapshot every N frames; 0 writes only the last frame's.</summary>
    public int SnapshotEvery { get; set; }

    /// <summary>Buffers per link (a small pool passed from producer to consumers).</summary>
    public int LinkDepth { get; set; } = 3;

    /// <summary>How long a stage waits on a fence before the run reports a stall.</summary>
    public double StallTimeoutSeconds { get; set; } = 10;

    /// <summary>The colour matrix the GPU stage uses when the source does not say: <c>bt601</c> or <c>bt709</c>.</summary>
    public string Matrix { get; set; } = "bt601";

    /// <summary>Checks every field, naming the setting (<c>Pipeline:Frames: 0 must be at least 1</c>).</summary>
    public (int Width, int Height) Validate()
    {
        if (Stages.Count < 2)
        {
            throw new BadInputException("Pipeline:Stages", $"a pipeline needs a source and at least one more stage ({Stages.Count} given)");
        }

        if (Frames < 1)
        {
            throw new BadInputException("Pipeline:Frames", $"{Frames} must be at least 1");
        }

        var size = ParseSize(Size, "Pipeline:Size");
        if (!IsOneOf(Allocator, "auto", "central", "exporter"))
        {
            throw new BadInputException("Pipeline:Allocator", $"'{Allocator}' is not one of auto, central, exporter");
        }

        if (PreviewAt is { } at && (at < 0 || at >= Frames))
        {
            throw new BadInputException("Pipeline:PreviewAt", $"{at} is not a frame of this run (0 to {Frames - 1})");
        }

        if (SnapshotEvery < 0)
        {
            throw new BadInputException("Pipeline:SnapshotEvery", $"{SnapshotEvery} must be 0 (last frame only) or more");
        }

        if (LinkDepth is < 1 or > 16)
        {
            throw new BadInputException("Pipeline:LinkDepth", $"{LinkDepth} is outside 1 to 16");
        }

        if (!(StallTimeoutSeconds > 0))
        {
            throw new BadInputException("Pipeline:StallTimeoutSeconds", $"{StallTimeoutSeconds} must be more than 0");
        }

        if (string.IsNullOrWhiteSpace(Source))
        {
            throw new BadInputException("Pipeline:Source", "must not be empty");
        }

        if (string.IsNullOrWhiteSpace(Out))
        {
            throw new BadInputException("Pipeline:Out", "must not be empty");
        }

        if (!IsOneOf(Matrix, "bt601", "bt709"))
        {
            throw new BadInputException("Pipeline:Matrix", $"'{Matrix}' is not one of bt601, bt709");
        }

        return size;
    }

    public static (int Width, int Height) ParseSize(string text, string setting)
    {
        var parts = text.Split('x', 'X');
        if (parts.Length != 2 ||
            !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width) ||
            !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height))
        {
            throw new BadInputException(setting, $"'{text}' is not WIDTHxHEIGHT (for example 1920x1080)");
        }

        if (width is < 2 or > 8192 || height is < 2 or > 8192)
        {
            throw new BadInputException(setting, $"{width}x{height} is outside 2x2 to 8192x8192");
        }

        return (width, height);
    }

    private static bool IsOneOf(string value, params string[] allowed) => allowed.Contains(value, StringComparer.Ordinal);
}
