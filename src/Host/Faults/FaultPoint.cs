using System.Globalization;
using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Pipeline.Graph;

namespace PluggableDmaBuf.Host.Faults;

/// <summary>Where a fault is injected: a stage (<c>device:stage</c>) at one frame, written <c>device:stage@N</c>.</summary>
internal readonly record struct FaultPoint(string Stage, int Frame)
{
    /// <summary>Parses <c>device:stage@N</c>; null for an absent or blank value (the fault is off).</summary>
    /// <exception cref="BadInputException">Anything else, naming <paramref name="setting"/>.</exception>
    public static FaultPoint? Parse(string? text, string setting)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        text = text.Trim();
        var at = text.LastIndexOf('@');
        var stage = at > 0 ? text[..at].Trim() : "";
        var colon = stage.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == stage.Length - 1 || stage.IndexOf(':', colon + 1) >= 0 ||
            !int.TryParse(text.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var frame))
        {
            throw new BadInputException(setting, $"'{GraphSyntax.Excerpt(text)}' is not device:stage@FRAME (for example gpu0:convert@5)");
        }

        return new FaultPoint(stage, frame);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Stage}@{Frame}");
}
