using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Configuration;

/// <summary>The <c>Memory</c> section: overrides of the default memory map (design §3), for example <c>Memory:Heaps:cma:Size</c>.</summary>
internal sealed class MemoryOptions
{
    public const string Section = "Memory";

    public Dictionary<string, HeapOptions> Heaps { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The system memory map with these overrides applied, all at once: only the final map must be
    /// free of overlaps (growing <c>cma</c> and moving <c>system-dma32</c> out of its way is one change).
    /// A bad override names its setting.
    /// </summary>
    public MemoryMap ToMemoryMap()
    {
        var heaps = MemoryMap.SystemDefault.Heaps.ToList();
        try
        {
            foreach (var (name, heap) in Heaps.OrderBy(h => h.Key, StringComparer.Ordinal))
            {
                var index = heaps.FindIndex(h => string.Equals(h.Name, name, StringComparison.Ordinal));
                if (index < 0)
                {
                    throw new InvalidConstraintException($"heaps.{name}", $"unknown heap (known: {string.Join(", ", heaps.Select(h => h.Name))})");
                }

                var old = heaps[index];
                try
                {
                    heaps[index] = new HeapDescription(old.Name, old.Kind, old.Zone, heap.Base ?? old.Base, heap.Size ?? old.Size, old.OwnerDevice);
                }
                catch (InvalidConstraintException e)
                {
                    throw e.WithPrefix($"heaps.{name}");
                }
            }

            return new MemoryMap(heaps);
        }
        catch (InvalidConstraintException e)
        {
            // The map names heaps as heaps.NAME.size; settings are spelt Memory:Heaps:NAME:Size.
            var parts = e.Property.Split('.');
            var path = "Memory:Heaps" + string.Concat(parts.Skip(1).Select((p, i) => ":" + (i == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..])));
            throw new BadInputException(path, e.Reason, e);
        }
    }
}
