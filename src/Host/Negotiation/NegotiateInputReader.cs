using System.Text;
using System.Text.Json;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Json;
using PluggableDmaBuf.IO;

namespace PluggableDmaBuf.Host.Negotiation;

/// <summary>
/// Reads the input of <c>pdmabuf negotiate</c> (<c>spec/negotiate.md</c>). Every mistake becomes a
/// <see cref="BadInputException"/> naming its JSON path. Besides the spec's <c>memory.heaps.NAME.size</c>,
/// a heap's <c>base</c> may be moved too (so that a larger <c>cma</c> can be made room for).
/// </summary>
internal static class NegotiateInputReader
{
    /// <summary>The largest request file read: far beyond any real request, and small enough to hold in memory.</summary>
    public const int MaxFileBytes = 16 << 20;

    /// <summary>How many device names a message lists before it says how many more there are.</summary>
    private const int MaxNamesShown = 8;

    public static NegotiateInput ReadFile(string path)
    {
        if (!InputFile.TryReadAll(path, MaxFileBytes, "a negotiate request", out var bytes, out var problem))
        {
            throw new BadInputException(ErrorText.Name(path), problem);
        }

        return Read(bytes, ErrorText.Name(path));
    }

    public static NegotiateInput Read(string json, string source = "input") => Read(Encoding.UTF8.GetBytes(json), source);

    public static NegotiateInput Read(ReadOnlyMemory<byte> utf8, string source = "input")
    {
        var document = StrictJson.Parse(utf8, source);
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

            var names = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < devices.Length; i++)
            {
                if (!names.Add(devices[i].Name))
                {
                    throw new BadInputException($"devices[{i}].name", $"'{ErrorText.Name(devices[i].Name)}' is listed twice");
                }
            }

            var request = ReadRequest(root.Required("request"), devices, names);
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

    private static BufferRequest ReadRequest(JsonElement element, DeviceDescription[] devices, HashSet<string> names)
    {
        var request = new JsonObjectReader(element, "request", "exporter", "size", "width", "height", "formats", "usage");
        var exporter = request.String("exporter");
        if (exporter is not null && !names.Contains(exporter))
        {
            var shown = string.Join(", ", devices.Take(MaxNamesShown).Select(d => ErrorText.Name(d.Name)));
            throw new BadInputException("request.exporter", $"'{ErrorText.Name(exporter)}' is not one of the devices ({shown}" +
                (devices.Length > MaxNamesShown ? $" and {devices.Length - MaxNamesShown} more)" : ")"));
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
