using System.Globalization;
using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Configuration;

/// <summary>
/// The <c>Pipeline</c> section: what <c>pdmabuf run</c> does. <see cref="Graph"/> is the pipeline; the
/// rest are run-level settings, each with a command-line option. Stage knobs are the stages' own
/// properties (in the description, or under <c>Plugins:&lt;plugin&gt;:&lt;device&gt;:&lt;stage&gt;</c>);
/// <see cref="Source"/>, <see cref="SnapshotEvery"/> and <see cref="PreviewAt"/> are sugar for them.
/// </summary>
internal sealed class PipelineOptions
{
    public const string Section = "Pipeline";

    /// <summary>The pipeline description, gst-launch style (docs/pipelines.md); the <c>run</c> command's argument replaces it.</summary>
    public string Graph { get; set; } = "video0:capture ! gpu0:convert ! display0:primary";

    /// <summary>
    /// The most frames a run may have. The report keeps every declared value of every frame, in rows
    /// sized up front so that recording allocates nothing while frames flow: 8 bytes a frame a value,
    /// so this bound keeps a run's value storage at 80 MB a value (a 2-billion-frame run asked for
    /// 16 GB a value and was killed by the kernel).
    /// </summary>
    public const int MaxFrames = 10_000_000;

    /// <summary>Frames to process, 1 to <see cref="MaxFrames"/>.</summary>
    public int Frames { get; set; } = 300;

    /// <summary>The frame size a source uses when it has none of its own (a Y4M file brings its size), as <c>WIDTHxHEIGHT</c>.</summary>
    public string Size { get; set; } = "1920x1080";

    /// <summary>Sugar: sets property <c>source</c> of the pipeline's source elements that declare it.</summary>
    public string? Source { get; set; }

    /// <summary><c>auto</c> (the registered central allocator when a plugin provides one), <c>central</c> or <c>exporter</c>.</summary>
    public string Allocator { get; set; } = "auto";

    /// <summary>Sugar: adds the branch <c>&lt;first source&gt;. ! display0:overlay start-at=N</c> (the hot-plug preview).</summary>
    public int? PreviewAt { get; set; }

    /// <summary>Where stages write files (snapshots).</summary>
    public string Out { get; set; } = "out";

    /// <summary>Sugar: sets property <c>snapshot-every</c> of every element that declares it.</summary>
    public int? SnapshotEvery { get; set; }

    /// <summary>
    /// The copy-between-stages baseline: every link copies each frame into a buffer of each consumer's
    /// own, as a framework that cannot share buffers would; the copies count in the report's bytes copied.
    /// For measuring what sharing saves, never needed otherwise.
    /// </summary>
    public bool CopyBetweenStages { get; set; }

    /// <summary>
    /// Buffers per link (a small pool passed from producer to consumers); a run of fewer frames creates only
    /// as many as it has frames. Two by default: the producer fills one while the consumers read the
    /// other; a third absorbs more jitter at small sizes (640×360 ran 5 % faster with it on the 2-core VM)
    /// but costs its memory and the first touch of its pages (a 3840×2160 job of 30 frames ran 7 % slower).
    /// </summary>
    public int LinkDepth { get; set; } = 2;

    /// <summary>How long a stage waits for a buffer before the run reports a stall.</summary>
    public double StallTimeoutSeconds { get; set; } = 10;

    /// <summary>The longest <see cref="StallTimeoutSeconds"/>: an hour (a longer wait is a hang, and a TimeSpan has a limit).</summary>
    public const double MaxStallTimeoutSeconds = 3600;

    /// <summary>Checks every field, naming the setting (<c>Pipeline:Frames: 0 must be at least 1</c>).</summary>
    public (int Width, int Height) Validate()
    {
        if (Frames < 1)
        {
            throw new BadInputException("Pipeline:Frames", $"{Frames} must be at least 1");
        }

        if (Frames > MaxFrames)
        {
            throw new BadInputException("Pipeline:Frames",
                string.Create(CultureInfo.InvariantCulture, $"{Frames} is more than {MaxFrames:N0}, the most a run keeps per-frame values for"));
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

        if (LinkDepth is < 1 or > 16)
        {
            throw new BadInputException("Pipeline:LinkDepth", $"{LinkDepth} is outside 1 to 16");
        }

        if (!(StallTimeoutSeconds > 0 && StallTimeoutSeconds <= MaxStallTimeoutSeconds))
        {
            throw new BadInputException("Pipeline:StallTimeoutSeconds",
                string.Create(CultureInfo.InvariantCulture, $"{StallTimeoutSeconds} must be more than 0 and at most {MaxStallTimeoutSeconds}"));
        }

        if (string.IsNullOrWhiteSpace(Out))
        {
            throw new BadInputException("Pipeline:Out", "must not be empty");
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
