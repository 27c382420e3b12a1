using Microsoft.Extensions.DependencyInjection;
using PluggableDmaBuf;

namespace Fixture.Good;

/// <summary>A well-built plugin: one exporter device with its own device-local heap, and a service.</summary>
public sealed class GoodPlugin : IDmaBufPlugin
{
    public void ConfigureServices(IServiceCollection services)
    {
        var zone = new MemoryZone("fix0-local", 512UL << 30, 1UL << 30);
        services.AddDmaBufHeap(new HeapDescription("fix0-vram", HeapKind.Contiguous, zone, zone.Base, 1L << 30, "fix0"));
        services.AddDmaBufDevice(new DeviceDescription("fix0", hasIommu: true, addressBits: 40, heaps: ["fix0-vram", "system"],
            formats: [new FormatSupport(PixelFormat.XR24, ["linear"])], usages: ["render"]), DeviceRoles.Exporter | DeviceRoles.Importer);
        services.AddSingleton<IGreeter, Greeter>();
    }
}

public interface IGreeter
{
    string Greet();
}

internal sealed class Greeter : IGreeter
{
    public string Greet() => "hello from fix0";
}
