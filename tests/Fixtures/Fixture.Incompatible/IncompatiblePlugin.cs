using PluggableDmaBuf;

namespace Fixture.Incompatible;

public sealed class IncompatiblePlugin : IDmaBufPlugin
{
    public void Configure(object services)
    {
    }
}
