using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Configuration;

/// <summary>The <c>Memory</c> section: overrides of the default memory map (design §3), for example <c>Memory:Heaps:cma:Size</c>.</summary>
internal sealed class MemoryOptions
{
    public const string Section = "Memory";

    public Dictionary<string, HeapOptions> Heaps { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The system memory map with these overrides applied; a bad override names its setting.</summary>
    public MemoryMap ToMemoryMap()
    {
        var map = MemoryMap.SystemDefault;
        foreach (var (name, heap) in Heaps.OrderBy(h => h.Key, StringComparer.Ordinal))
        {
            try
            {
                map = map.WithHeap(name, heap.Size, heap.Base);
            }
            catch (InvalidConstraintException e)
            {
                // The map names heaps as heaps.NAME.size; settings are spelt Memory:Heaps:NAME:Size.
                var parts = e.Property.Split('.');
                var path = "Memory:Heaps:" + string.Join(':', parts.Skip(1).Select((p, i) => i == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
                throw new BadInputException(path, e.Reason, e);
            }
        }

        return map;
    }
}
