using Microsoft.Extensions.DependencyInjection;
using PluggableDmaBuf;

namespace Fixture.NeedsDependency;

public sealed class NeedsDependencyPlugin : IDmaBufPlugin
{
    public void ConfigureServices(IServiceCollection services) =>
        services.AddDmaBufDevice(new DeviceDescription(Fixture.Dependency.Greeting.DeviceName), DeviceRoles.Importer);
}
