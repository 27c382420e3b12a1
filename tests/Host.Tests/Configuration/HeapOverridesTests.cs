using PluggableDmaBuf.Host.Configuration;
using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Tests.Configuration;

/// <summary>
/// Heap overrides are applied together: only the final memory map must be free of overlaps, so cma
/// can grow past system-dma32's default base when the same settings move system-dma32 out of its way.
/// </summary>
public sealed class HeapOverridesTests
{
    private const long MiB = 1024 * 1024;

    [Fact]
    public void Cma_grown_to_1_GiB_with_system_dma32_moved_is_one_valid_map()
    {
        var options = new MemoryOptions
        {
            Heaps =
            {
                ["cma"] = new HeapOptions { Size = 1024 * MiB },
                ["system-dma32"] = new HeapOptions { Base = 1280UL * 1024 * 1024, Size = 2816 * MiB },
            },
        };

        var map = options.ToMemoryMap();

        Assert.Equal(1024 * MiB, map.Find("cma")!.Size);
        Assert.Equal(1280UL * 1024 * 1024, map.Find("system-dma32")!.Base);
    }

    [Fact]
    public void Cma_grown_into_system_dma32_alone_is_refused_naming_the_setting()
    {
        var options = new MemoryOptions { Heaps = { ["cma"] = new HeapOptions { Size = 1024 * MiB } } };

        var e = Assert.Throws<BadInputException>(options.ToMemoryMap);

        Assert.StartsWith("Memory:Heaps:", e.Message, StringComparison.Ordinal);
        Assert.Contains("overlap", e.Message, StringComparison.Ordinal);
    }
}
