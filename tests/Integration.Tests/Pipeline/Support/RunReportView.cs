using System.Text.Json;

namespace PluggableDmaBuf.Integration.Tests.Pipeline.Support;

/// <summary>Typed access to the JSON run report (design §8), read as a client would read it.</summary>
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

    public IReadOnlyList<string> Planes => [.. Root.GetProperty("crc").EnumerateObject().Select(p => p.Name)];

    /// <summary>The preview object, or a JSON null.</summary>
    public JsonElement Preview => Root.GetProperty("preview");

    /// <summary>The buffers of the link the producer <paramref name="producer"/> writes (named <c>producer→consumers #k</c>).</summary>
    public IReadOnlyList<JsonElement> LinkBuffers(string producer) =>
        [.. Buffers.Where(b => b.GetProperty("name").GetString()!.StartsWith(producer + "\u2192", StringComparison.Ordinal))];

    /// <summary>The CRCs of a plane, in frame order; empty when the plane saw no frame.</summary>
    public IReadOnlyList<string> Crc(string plane) =>
        Root.GetProperty("crc").TryGetProperty(plane, out var crcs) ? [.. crcs.EnumerateArray().Select(c => c.GetString()!)] : [];

    public static RunReportView Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new RunReportView(document.RootElement.Clone());
    }

    public static RunReportView Load(string path) => Parse(File.ReadAllText(path));
}
