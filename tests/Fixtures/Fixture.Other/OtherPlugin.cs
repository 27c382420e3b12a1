using Microsoft.Extensions.DependencyInjection;
using PluggableDmaBuf;

namespace Fixture.Other;

/// <summary>Claims device fix0, which Fixture.Good (loaded first) already registered.</summary>
public sealed class OtherPlugin : IDmaBufPlugin
{
    public void ConfigureServices(IServiceCollection services) =>
        services.AddDmaBufDevice(new DeviceDescription("fix0"), DeviceRoles.Importer);
}
