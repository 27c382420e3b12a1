using System.Text.Json;

namespace PluggableDmaBuf.Integration.Tests.Pipeline.Support;

/// <summary>Typed access to the JSON run report , read as a client would read it.</summary>
internal sealed class RunReportView(JsonElement root)
{
    public JsonElement Root { get; } = root;

    public string Allocator => Root.GetProperty("allocator").GetString()!;

    public int Frames => Root.GetProperty("frames").GetInt32();

    public int Width => Root.GetProperty("width").GetInt32();

    public int Height => Root.GetProperty("height").GetInt32();

    public long BytesCopied => Root.GetProperty("bytesCopied").GetInt64();

    public long Migrations => Root.GetProperty("migrations").GetInt64();

    public int Leaks => Root.GetProperty("leaks").GetInt32();

    public IReadOnlyList<JsonElement> Buffers => [.. Root.GetProperty("buffers").EnumerateArray()];

    public IReadOnlyList<string> Outputs => [.. Root.GetProperty("outputs").EnumerateArray().Select(o => o.GetString()!)];

    public double AllocatedBytesPerFrame => Root.GetProperty("allocatedBytesPerFrame").GetDouble();

    /// <summary>The names of the recorded values, <c>device:stage name</c>.</summary>
    public IReadOnlyList<string> ValueNames => [.. Root.GetProperty("values").EnumerateObject().Select(p => p.Name)];

    public IReadOnlyList<JsonElement> LateJoins => [.. Root.GetProperty("lateJoins").EnumerateArray()];

    /// <summary>The late join of <paramref name="stage"/>; fails the test when there is none.</summary>
    public JsonElement LateJoin(string stage) => Assert.Single(LateJoins, j => j.GetProperty("stage").GetString() == stage);

    /// <summary>The buffers of the link the producer <paramref name="producer"/> writes (named <c>producer→consumers #k</c>).</summary>
    public IReadOnlyList<JsonElement> LinkBuffers(string producer) =>
        [.. Buffers.Where(b => b.GetProperty("name").GetString()!.StartsWith(producer + "\u2192", StringComparison.Ordinal))];

    /// <summary>A stage's recorded value (<c>display0:primary crc</c>), in frame order; empty when the stage saw no frame.</summary>
    public IReadOnlyList<string> Values(string name) =>
        Root.GetProperty("values").TryGetProperty(name, out var values) ? [.. values.EnumerateArray().Select(c => c.GetString()!)] : [];

    public static RunReportView Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new RunReportView(document.RootElement.Clone());
    }

    public static RunReportView Load(string path) => Parse(File.ReadAllText(path));
}
