using Microsoft.Extensions.DependencyInjection;
using PluggableDmaBuf.Plugins.Display.Stages;

namespace PluggableDmaBuf.Plugins.Display;

/// <summary>The Display subsystem: <c>display0</c> with a primary plane (XR24/AR24) and an overlay plane (NV12).</summary>
internal sealed class DisplayPlugin : IDmaBufPlugin
{
    /// <summary>
    /// A display controller without IOMMU on a 32-bit bus that scans out one physically contiguous
    /// segment at 256-byte pitch: the hardest device to place a buffer for.
    /// </summary>
    internal static DeviceDescription Device { get; } = new(
        "display0",
        hasIommu: false,
        addressBits: 32,
        maxSegments: 1,
        pitchAlignment: 256,
        formats: [new FormatSupport(PixelFormat.XR24), new FormatSupport(PixelFormat.AR24), new FormatSupport(PixelFormat.NV12)],
        usages: [BufferUsages.Scanout, BufferUsages.Overlay]);

    public void ConfigureServices(IServiceCollection services)
    {
        services.AddDmaBufDevice(Device, DeviceRoles.Importer);
        services.AddPipelineStage<PrimaryPlaneStage>();
        services.AddPipelineStage<OverlayPlaneStage>();
    }
}
