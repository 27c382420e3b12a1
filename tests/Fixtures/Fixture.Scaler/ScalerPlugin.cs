using Microsoft.Extensions.DependencyInjection;
using PluggableDmaBuf;

namespace Fixture.Scaler;

/// <summary>
/// Stages for the graph tests: <c>scaler0:down</c>, a 2× box downscaler (XR24 → XR24, half the size);
/// <c>checker0:sum</c>, a sink that records a 32-bit FNV-1a checksum of the visible rows of every
/// frame as its value <c>sum</c>; and <c>probe1:source</c>, an XR24 source whose buffers carry its own
/// counting exporter; and <c>tiler0:scan</c>, a sink that takes only <c>tiled</c> XR24 (which no
/// stage here writes: a caps conflict).
/// </summary>
public sealed class ScalerPlugin : IDmaBufPlugin
{
    internal static DeviceDescription Scaler { get; } = new("scaler0", hasIommu: true, addressBits: 64,
        formats: [new FormatSupport(PixelFormat.XR24, ["linear"])], usages: ["scale"]);

    internal static DeviceDescription Checker { get; } = new("checker0", hasIommu: true, addressBits: 64,
        formats: [new FormatSupport(PixelFormat.XR24, ["linear"])], usages: ["check"]);

    internal static DeviceDescription Probe { get; } = new("probe1", hasIommu: true, addressBits: 64,
        formats: [new FormatSupport(PixelFormat.XR24, ["linear"])], usages: ["counting"]);

    internal static DeviceDescription Tiler { get; } = new("tiler0", hasIommu: true, addressBits: 64,
        formats: [new FormatSupport(PixelFormat.XR24, ["tiled"])], usages: ["tiled-scanout"]);

    public void ConfigureServices(IServiceCollection services)
    {
        services.AddDmaBufDevice(Scaler, DeviceRoles.Exporter | DeviceRoles.Importer);
        services.AddDmaBufDevice(Checker, DeviceRoles.Importer);
        services.AddDmaBufDevice(Probe, DeviceRoles.Exporter);
        services.AddPipelineStage<DownscaleStage>();
        services.AddPipelineStage<ChecksumStage>();
        services.AddDmaBufDevice(Tiler, DeviceRoles.Importer);
        services.AddPipelineStage<CountingSourceStage>();
        services.AddPipelineStage<TiledSinkStage>();
    }
}
