using System.Xml.Linq;
using PluggableDmaBuf.Host.Plugins;
using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Authoring;

/// <summary>
/// The package's build logic leaves out of a plugin's folder exactly the assemblies the host shares into
/// its load context: one left out but not shared would be missing at load; one shared but copied is dead weight.
/// </summary>
public sealed class SharedAssemblyListTests
{
    [Fact]
    public void The_build_logic_leaves_out_the_assemblies_the_host_shares()
    {
        var targets = XDocument.Load(Path.Combine(Repository.Root, "src", "Abstractions", "buildTransitive", "PluggableDmaBuf.Abstractions.targets"));
        var leftOut = targets.Descendants("PluggableDmaBufSharedPackage")
            .SelectMany(i => ((string)i.Attribute("Include")!).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var shared = PluginAssemblyLoader.SharedTypes.Select(t => t.Assembly.GetName().Name!);

        Assert.Equal(shared.Order(StringComparer.Ordinal), leftOut.Order(StringComparer.Ordinal));
    }
}
