namespace PluggableDmaBuf;

/// <summary>
/// What a buffer must hold and who will touch it: either a byte size, or an image
/// (width, height, candidate formats), plus a usage, the exporter and the participants.
/// Create one with <see cref="ForSize"/> or <see cref="ForImage"/>.
/// </summary>
/// <remarks>Immutable; validated on construction (<see cref="InvalidConstraintException"/> names the property).</remarks>
public sealed class BufferRequest
{
    /// <summary>The largest width or height accepted.</summary>
    public const int MaxDimension = 32768;

    private BufferRequest(long? size, int width, int height, IReadOnlyList<PixelFormat>? formats,
        string? exporter, IReadOnlyList<string> participants, IReadOnlyList<string> usage)
    {
        Size = size;
        Width = width;
        Height = height;
        Formats = formats;
        Exporter = exporter;
        Participants = participants;
        Usage = usage;
    }

    /// <summary>The byte size of a size-only request; <c>null</c> for an image request.</summary>
    public long? Size { get; }

    /// <summary>Whether this is an image request (width, height, formats).</summary>
    public bool IsImage => Size is null;

    /// <summary>Image width in pixels (0 for a size-only request).</summary>
    public int Width { get; }

    /// <summary>Image height in pixels (0 for a size-only request).</summary>
    public int Height { get; }

    /// <summary>Candidate formats; <c>null</c> means any format.</summary>
    public IReadOnlyList<PixelFormat>? Formats { get; }

    /// <summary>The device whose preference order decides format and modifier; <c>null</c> means the first participant.</summary>
    public string? Exporter { get; }

    /// <summary>Names of the devices that will or may import the buffer, the exporter included or not.</summary>
    public IReadOnlyList<string> Participants { get; }

    /// <summary>How the buffer will be used (for example <c>render</c>, <c>scanout</c>).</summary>
    public IReadOnlyList<string> Usage { get; }

    /// <summary>
    /// The layout modifier the buffer must use (a pipeline link that settled its caps first);
    /// <c>null</c> lets negotiation choose the exporter's first modifier every participant accepts.
    /// </summary>
    public string? Modifier { get; private init; }

    /// <summary>A copy of this image request that must use <paramref name="modifier"/>.</summary>
    /// <param name="modifier">A modifier, for example <c>linear</c>.</param>
    /// <returns>The new request.</returns>
    /// <exception cref="InvalidConstraintException">This is a size-only request, or the modifier is empty.</exception>
    public BufferRequest WithModifier(string modifier)
    {
        if (!IsImage)
        {
            throw new InvalidConstraintException("modifier", "only an image request has a modifier");
        }

        if (string.IsNullOrWhiteSpace(modifier))
        {
            throw new InvalidConstraintException("modifier", "must not be empty");
        }

        return new BufferRequest(Size, Width, Height, Formats, Exporter, Participants, Usage) { Modifier = modifier };
    }

    /// <summary>A request for <paramref name="size"/> bytes without format or planes.</summary>
    /// <param name="size">Bytes, at least 1.</param>
    /// <param name="exporter">The exporting device, or <c>null</c>.</param>
    /// <param name="participants">Importing devices.</param>
    /// <param name="usage">Usage names.</param>
    /// <exception cref="InvalidConstraintException">A value is out of range or malformed.</exception>
    public static BufferRequest ForSize(long size, string? exporter = null, IEnumerable<string>? participants = null, IEnumerable<string>? usage = null)
    {
        if (size <= 0)
        {
            throw new InvalidConstraintException("size", $"{size} must be at least 1 byte");
        }

        return new BufferRequest(size, 0, 0, null, CheckExporter(exporter), Names(participants, "participants"), Names(usage, "usage"));
    }

    /// <summary>A request for an image of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <param name="width">Pixels, 1 to <see cref="MaxDimension"/>.</param>
    /// <param name="height">Pixels, 1 to <see cref="MaxDimension"/>.</param>
    /// <param name="formats">Candidate formats in no particular order (the exporter's order decides); <c>null</c> for any.</param>
    /// <param name="exporter">The exporting device, or <c>null</c>.</param>
    /// <param name="participants">Importing devices.</param>
    /// <param name="usage">Usage names.</param>
    /// <exception cref="InvalidConstraintException">A value is out of range or malformed.</exception>
    public static BufferRequest ForImage(int width, int height, IEnumerable<PixelFormat>? formats = null, string? exporter = null,
        IEnumerable<string>? participants = null, IEnumerable<string>? usage = null)
    {
        if (width is < 1 or > MaxDimension)
        {
            throw new InvalidConstraintException("width", $"{width} is outside 1 to {MaxDimension}");
        }

        if (height is < 1 or > MaxDimension)
        {
            throw new InvalidConstraintException("height", $"{height} is outside 1 to {MaxDimension}");
        }

        PixelFormat[]? list = null;
        if (formats is not null)
        {
            list = formats.ToArray();
            if (list.Length == 0)
            {
                throw new InvalidConstraintException("formats", "must list at least one format (omit it for any)");
            }

            for (var i = 0; i < list.Length; i++)
            {
                ArgumentNullException.ThrowIfNull(list[i], nameof(formats));
                if (Array.IndexOf(list, list[i], 0, i) >= 0)
                {
                    throw new InvalidConstraintException($"formats[{i}]", $"'{list[i]}' is listed twice");
                }

                if (list[i].RequiresEvenWidth && width % 2 != 0)
                {
                    throw new InvalidConstraintException("width", $"{width} is odd; {list[i]} needs an even width");
                }
            }
        }

        return new BufferRequest(null, width, height, list, CheckExporter(exporter), Names(participants, "participants"), Names(usage, "usage"));
    }

    /// <inheritdoc />
    public override string ToString() => IsImage
        ? $"{Width}x{Height} {(Formats is null ? "any format" : string.Join("/", Formats))}{(Modifier is null ? "" : ":" + Modifier)}"
        : $"{Size} bytes";

    private static string? CheckExporter(string? exporter) =>
        exporter is not null && string.IsNullOrWhiteSpace(exporter)
            ? throw new InvalidConstraintException("exporter", "must not be empty when given")
            : exporter;

    private static string[] Names(IEnumerable<string>? names, string property)
    {
        var list = names?.ToArray() ?? [];
        for (var i = 0; i < list.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(list[i]))
            {
                throw new InvalidConstraintException($"{property}[{i}]", "must not be empty");
            }
        }

        return list.Distinct(StringComparer.Ordinal).ToArray();
    }
}
