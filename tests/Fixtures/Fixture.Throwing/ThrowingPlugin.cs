using Microsoft.Extensions.DependencyInjection;
using PluggableDmaBuf;

namespace Fixture.Throwing;

/// <summary>Registers a device, then throws: none of what it registered may survive.</summary>
public sealed class ThrowingPlugin : IDmaBufPlugin
{
    public void ConfigureServices(IServiceCollection services)
    {
        services.AddDmaBufDevice(new DeviceDescription("throw0"), DeviceRoles.Importer);
        throw new InvalidOperationException("the device tree is missing");
    }
}
