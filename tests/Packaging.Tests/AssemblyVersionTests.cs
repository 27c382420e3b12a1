using PluggableDmaBuf.Packaging.Tests.Support;

namespace PluggableDmaBuf.Packaging.Tests;

/// <summary>One version source: the package version decides the AssemblyVersion (major.0.0.0), also when given on the command line.</summary>
[Collection(PackagingCollection.Name)]
public sealed class AssemblyVersionTests(PackagingWorkspace workspace)
{
    [Fact]
    public async Task Packing_with_a_version_on_the_command_line_gives_its_major_as_the_assembly_version()
    {
        await workspace.AbstractionsPackedAsync();

        Assert.Equal(new Version(3, 0, 0, 0), workspace.AssemblyVersionIn("PluggableDmaBuf.Abstractions", "3.0.0"));
    }

    [Fact]
    public async Task Packing_with_the_repository_version_gives_its_major_as_the_assembly_version()
    {
        await workspace.AbstractionsPackedAsync();

        var major = int.Parse(PackagingWorkspace.CurrentVersion.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(new Version(major, 0, 0, 0), workspace.AssemblyVersionIn("PluggableDmaBuf.Abstractions", PackagingWorkspace.CurrentVersion));
    }
}
