using PluggableDmaBuf.Host.Pipeline.Graph;

namespace PluggableDmaBuf.Host.Tests.Pipeline.Graph;

/// <summary>The stages of the product's plugins as a catalog, with the shapes their plugins give them.</summary>
internal sealed class TestStageCatalog(IReadOnlyDictionary<string, StageShape> shapes) : IStageCatalog
{
    public static TestStageCatalog Default { get; } = new(new Dictionary<string, StageShape>(StringComparer.Ordinal)
    {
        ["video0:capture"] = new(HasInput: false, HasOutput: true, ["source"]),
        ["gpu0:convert"] = new(HasInput: true, HasOutput: true, ["matrix", "range"]),
        ["scaler0:down"] = new(HasInput: true, HasOutput: true, []),
        ["display0:primary"] = new(HasInput: true, HasOutput: false, []),
        ["display0:overlay"] = new(HasInput: true, HasOutput: false, ["start-at"]),
        ["checker0:sum"] = new(HasInput: true, HasOutput: false, ["start-at"]),
    });

    public IReadOnlyCollection<string> StageIds => [.. shapes.Keys];

    public bool TryGetShape(string id, out StageShape shape) => shapes.TryGetValue(id, out shape!);
}
