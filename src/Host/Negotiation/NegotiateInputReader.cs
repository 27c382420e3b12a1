using System.Text.Json;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Json;

namespace PluggableDmaBuf.Host.Negotiation;

/// <summary>
/// Reads the input of <c>pdmabuf negotiate</c> (<c>spec/negotiate.md</c>). Every mistake becomes a
/// <see cref="BadInputException"/> naming its JSON path. Besides the spec's <c>memory.heaps.NAME.size</c>,
/// a heap's <c>base</c> may be moved too (so that a larger <c>cma</c> can be made room for).
/// </summary>
internal static class NegotiateInputReader
{
    private static readonly JsonDocumentOptions s_options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static NegotiateInput ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException(path, e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message, e);
        }

        return Read(text, path);
    }

    public static NegotiateInput Read(string json, string source = "input")
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, s_options);
        }
        catch (JsonException e)
        {
            throw new BadInputException(source, $"malformed JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}", e);
        }

        using (document)
        {
            var root = new JsonObjectReader(document.RootElement, "", "memory", "request", "devices");
            var memory = root.Get("memory") is { } memoryElement ? ReadMemory(memoryElement) : MemoryMap.NegotiateDefault;
            var devicesElement = root.Required("devices");
            var devices = JsonObjectReader.Array(devicesElement, "devices").Select(ReadDevice).ToArray();
            if (devices.Length == 0)
            {
                throw new BadInputException("devices", "must list at least one device");
            }

            var request = ReadRequest(root.Required("request"), devices);
            return new NegotiateInput(request, devices, memory);
        }
    }

    private static MemoryMap ReadMemory(JsonElement element)
    {
        var memory = new JsonObjectReader(element, "memory", "heaps");
        var map = MemoryMap.NegotiateDefault;
        if (memory.Get("heaps") is not { } heaps)
        {
            return map;
        }

        if (heaps.ValueKind != JsonValueKind.Object)
        {
            throw new BadInputException("memory.heaps", $"expected an object of heaps by name, got {JsonObjectReader.Describe(heaps)}");
        }

        foreach (var property in heaps.EnumerateObject())
        {
            var heap = new JsonObjectReader(property.Value, $"memory.heaps.{property.Name}", "size", "base");
            var size = heap.Long("size");
            var @base = heap.ULong("base");
            try
            {
                map = map.WithHeap(property.Name, size, @base);
            }
            catch (InvalidConstraintException e)
            {
                throw new BadInputException(e.WithPrefix("memory").Property, e.Reason, e);
            }
        }

        return map;
    }

    private static DeviceDescription ReadDevice(JsonElement element, int index)
    {
        var path = $"devices[{index}]";
        var device = new JsonObjectReader(element, path, "name", "iommu", "addressBits", "maxSegments", "maxSegmentSize",
            "alignment", "pitchAlignment", "heaps", "formats", "usages");
        var name = device.String("name") ?? throw new BadInputException($"{path}.name", "is missing");
        var formats = device.Get("formats") is { } formatsElement
            ? JsonObjectReader.Array(formatsElement, $"{path}.formats").Select((f, i) => ReadFormat(f, $"{path}.formats[{i}]")).ToArray()
            : null;
        try
        {
            return new DeviceDescription(
                name,
                device.Bool("iommu") ?? false,
                device.Int("addressBits") ?? 64,
                device.Int("maxSegments"),
                device.Long("maxSegmentSize"),
                device.Long("alignment") ?? DeviceDescription.PageSize,
                device.Int("pitchAlignment") ?? 1,
                device.StringArray("heaps"),
                formats,
                device.StringArray("usages"));
        }
        catch (InvalidConstraintException e)
        {
            throw new BadInputException(e.WithPrefix(path).Property, e.Reason, e);
        }
    }

    private static FormatSupport ReadFormat(JsonElement element, string path)
    {
        var entry = new JsonObjectReader(element, path, "format", "modifiers");
        var name = entry.String("format") ?? throw new BadInputException($"{path}.format", "is missing");
        try
        {
            return new FormatSupport(PixelFormat.Parse(name), entry.StringArray("modifiers"));
        }
        catch (InvalidConstraintException e)
        {
            throw new BadInputException(e.WithPrefix(path).Property, e.Reason, e);
        }
    }

    private static BufferRequest ReadRequest(JsonElement element, DeviceDescription[] devices)
    {
        var request = new JsonObjectReader(element, "request", "exporter", "size", "width", "height", "formats", "usage");
        var exporter = request.String("exporter");
        if (exporter is not null && !devices.Any(d => d.Name == exporter))
        {
            throw new BadInputException("request.exporter", $"'{exporter}' is not one of the devices ({string.Join(", ", devices.Select(d => d.Name))})");
        }

        var usage = request.Get("usage") is { ValueKind: JsonValueKind.String } single
            ? [single.GetString()!]
            : request.StringArray("usage");
        var participants = devices.Select(d => d.Name);
        var hasSize = request.Has("size");
        var hasImage = request.Has("width") || request.Has("height");
        try
        {
            if (hasSize && hasImage)
            {
                throw new BadInputException("request", "give either size, or width and height, not both");
            }

            if (hasSize)
            {
                if (request.Has("formats"))
                {
                    throw new BadInputException("request.formats", "a size-only request has no formats");
                }

                return BufferRequest.ForSize(request.Long("size")!.Value, exporter, participants, usage);
            }

            if (!hasImage)
            {
                throw new BadInputException("request", "needs size, or width and height");
            }

            var width = request.Int("width") ?? throw new BadInputException("request.width", "is missing");
            var height = request.Int("height") ?? throw new BadInputException("request.height", "is missing");
            var formats = request.StringArray("formats")?.Select((f, i) => PixelFormat.Parse(f, $"formats[{i}]")).ToArray();
            return BufferRequest.ForImage(width, height, formats, exporter, participants, usage);
        }
        catch (InvalidConstraintException e)
        {
            throw new BadInputException(e.WithPrefix("request").Property, e.Reason, e);
        }
    }
}
