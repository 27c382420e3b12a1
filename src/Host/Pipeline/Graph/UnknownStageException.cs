using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Pipeline.Graph;

/// <summary>
/// An element names a stage no loaded plugin provides. The message lists the known stages and suggests a
/// near one. A bad-input error (exit code 2) unless <see cref="Device"/> belongs to a plugin that failed to
/// load, which the caller knows and this pure check does not (then it is a plugin failure, exit code 4).
/// </summary>
internal sealed class UnknownStageException : BadInputException
{
    public UnknownStageException(string source, GraphElement element, string? suggestion, IReadOnlyCollection<string> known)
        : base(source, PipelineGraphException.At(element.Column, Describe(element, suggestion, known)))
    {
        Device = element.Device;
        Stage = element.Stage;
        Column = element.Column;
        Suggestion = suggestion;
    }

    public string Device { get; }

    public string Stage { get; }

    public string Id => $"{Device}:{Stage}";

    /// <summary>Where the element starts, counting from 1; 0 when it was not written as text.</summary>
    public int Column { get; }

    /// <summary>The known stage id the name is a near miss of, if any.</summary>
    public string? Suggestion { get; }

    private static string Describe(GraphElement element, string? suggestion, IReadOnlyCollection<string> known) =>
        $"unknown stage {GraphSyntax.Excerpt(element.Id)}" +
        (suggestion is null ? "" : $" (did you mean {suggestion}?)") +
        (known.Count == 0 ? "; no stage is loaded" : $"; known stages: {string.Join(", ", known.Order(StringComparer.Ordinal))}");
}
