namespace PluggableDmaBuf.Host.Pipeline.Graph;

/// <summary>
/// The stages a graph may use and their shapes, as the loaded plugins provide them. The host builds one
/// from its plugins; <see cref="GraphCatalogCheck"/> reads it and nothing else, so checking a graph stays pure.
/// </summary>
internal interface IStageCatalog
{
    /// <summary>Every stage id (<c>device:stage</c>) that can be used, for "known stages" and "did you mean".</summary>
    IReadOnlyCollection<string> StageIds { get; }

    /// <summary>The shape of stage <paramref name="id"/>, compared ordinally; false when no plugin provides it.</summary>
    bool TryGetShape(string id, out StageShape shape);
}
