using Microsoft.Extensions.DependencyInjection;
using PluggableDmaBuf.Plugins.Gpu.Stages;

namespace PluggableDmaBuf.Plugins.Gpu;

/// <summary>The Gpu subsystem: <c>gpu0</c>, its device-local heap <c>gpu0-vram</c>, and the colour conversion stage.</summary>
internal sealed class GpuPlugin : IDmaBufPlugin
{
    private const ulong GiB = 1UL << 30;

    /// <summary>gpu0's local memory: 8 GiB, contiguous chunks, in its own zone at 256 GiB (the spec's default map).</summary>
    internal static HeapDescription Vram { get; } = CreateVram();

    /// <summary>
    /// A GPU behind an IOMMU with 48-bit IO-virtual addresses: any scattered placement looks
    /// contiguous to it. It wants 64 KiB alignment and 64-byte pitch, and renders into XR24.
    /// </summary>
    internal static DeviceDescription Device { get; } = new(
        "gpu0",
        hasIommu: true,
        addressBits: 48,
        alignment: 65536,
        pitchAlignment: 64,
        heaps: ["gpu0-vram", "system", "system-dma32", "cma"],
        formats:
        [
            new FormatSupport(PixelFormat.XR24, ["tiled", FormatSupport.Linear]),
            new FormatSupport(PixelFormat.AR24),
            new FormatSupport(PixelFormat.NV12),
            new FormatSupport(PixelFormat.YU12),
            new FormatSupport(PixelFormat.YUYV),
        ],
        usages: [BufferUsages.Render]);

    public void ConfigureServices(IServiceCollection services)
    {
        services.AddDmaBufHeap(Vram);
        services.AddDmaBufDevice(Device, DeviceRoles.Exporter | DeviceRoles.Importer);
        services.AddPipelineStage<ConvertStage>();
    }

    private static HeapDescription CreateVram()
    {
        var zone = new MemoryZone("gpu0-local", 256 * GiB, 16 * GiB);
        return new HeapDescription("gpu0-vram", HeapKind.Contiguous, zone, zone.Base, (long)(8 * GiB), "gpu0");
    }
}
