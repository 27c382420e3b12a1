using Microsoft.Extensions.DependencyInjection;
using PluggableDmaBuf.Plugins.Video.Stages;

namespace PluggableDmaBuf.Plugins.Video;

/// <summary>The Video subsystem: capture device <c>video0</c> and its capture stage.</summary>
internal sealed class VideoPlugin : IDmaBufPlugin
{
    /// <summary>
    /// A capture engine without IOMMU on a 32-bit bus: it scatters into up to 4096 segments below
    /// 4 GiB and writes rows at 64-byte pitch.
    /// </summary>
    internal static DeviceDescription Device { get; } = new(
        "video0",
        hasIommu: false,
        addressBits: 32,
        maxSegments: 4096,
        pitchAlignment: 64,
        formats: [new FormatSupport(PixelFormat.NV12), new FormatSupport(PixelFormat.YU12), new FormatSupport(PixelFormat.YUYV)],
        usages: [BufferUsages.Capture]);

    public void ConfigureServices(IServiceCollection services)
    {
        services.AddDmaBufDevice(Device, DeviceRoles.Exporter);
        services.AddPipelineStage<CaptureStage>();
    }
}
