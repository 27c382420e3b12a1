namespace PluggableDmaBuf.Host.Pipeline.Graph;

/// <summary>
/// What a graph needs to know of a stage: whether it reads a link (a source does not), whether it feeds
/// one (a sink does not), and the property names an element of it may set, including any the host itself
/// handles for every stage of that shape (such as a consumer's <c>start-at</c>). <c>name</c> is never a
/// property: it labels the element.
/// </summary>
internal sealed record StageShape(bool HasInput, bool HasOutput, IReadOnlyCollection<string> PropertyNames);
