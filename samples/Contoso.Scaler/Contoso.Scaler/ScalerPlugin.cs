using Microsoft.Extensions.DependencyInjection;
using PluggableDmaBuf;

namespace Contoso.Scaler;

/// <summary>
/// The plugin's entry point: the host finds this type in the assembly, creates it and calls
/// <see cref="ConfigureServices"/> once, before anything runs. It registers the device <c>contoso0</c>
/// and its stage <c>contoso0:scale</c>.
/// </summary>
public sealed class ScalerPlugin : IDmaBufPlugin
{
    /// <summary>
    /// The device: what it can reach (an IOMMU, 64-bit addresses, any number of segments) and which
    /// formats it reads and writes. The central allocator places the buffers of every link the stage is on
    /// where this device and its peers can all reach them. The name must be unique among the loaded plugins.
    /// </summary>
    internal static DeviceDescription Device { get; } = new("contoso0", hasIommu: true, addressBits: 64,
        formats: [new FormatSupport(PixelFormat.XR24, ["linear"]), new FormatSupport(PixelFormat.AR24, ["linear"])],
        usages: [ScaleStage.Usage]);

    public void ConfigureServices(IServiceCollection services)
    {
        services.AddDmaBufDevice(Device, DeviceRoles.Exporter | DeviceRoles.Importer);
        services.AddPipelineStage<ScaleStage>();
    }
}
