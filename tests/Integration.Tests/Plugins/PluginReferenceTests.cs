using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Plugins;

/// <summary>Plugins see the host only through Abstractions (design §1): checked on the built assemblies and on the project files.</summary>
public sealed class PluginReferenceTests
{
    private static readonly string[] s_plugins =
    [
        "PluggableDmaBuf.Plugins.CentralAllocator",
        "PluggableDmaBuf.Plugins.Display",
        "PluggableDmaBuf.Plugins.Gpu",
        "PluggableDmaBuf.Plugins.Video",
    ];

    [Fact]
    public void The_build_lays_out_every_plugin_in_its_own_folder_without_a_copy_of_abstractions()
    {
        var folders = Directory.GetDirectories(PluginFolder.RealPlugins).Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(s_plugins, folders);
        foreach (var plugin in s_plugins)
        {
            Assert.True(File.Exists(Path.Combine(PluginFolder.RealPlugins, plugin, plugin + ".dll")), plugin);
            Assert.False(File.Exists(Path.Combine(PluginFolder.RealPlugins, plugin, "PluggableDmaBuf.Abstractions.dll")),
                $"{plugin} ships its own Abstractions; it must come from the host");
        }
    }

    [Theory]
    [MemberData(nameof(Plugins))]
    public void A_plugin_assembly_references_abstractions_and_never_the_core_the_host_or_another_plugin(string plugin)
    {
        var folder = Path.Combine(PluginFolder.RealPlugins, plugin);
        using var pe = new PEReader(File.OpenRead(Path.Combine(folder, plugin + ".dll")));
        var metadata = pe.GetMetadataReader();
        var references = metadata.AssemblyReferences.Select(h => metadata.GetString(metadata.GetAssemblyReference(h).Name)).ToArray();

        Assert.Contains("PluggableDmaBuf.Abstractions", references);
        foreach (var reference in references)
        {
            var allowed = reference == "PluggableDmaBuf.Abstractions"
                || reference.StartsWith("System.", StringComparison.Ordinal) && !File.Exists(Path.Combine(folder, reference + ".dll"))
                || reference is "System" or "netstandard" or "mscorlib"
                || reference.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) && reference.EndsWith(".Abstractions", StringComparison.Ordinal)
                || File.Exists(Path.Combine(folder, reference + ".dll"));
            Assert.True(allowed, $"{plugin} references {reference}");
            Assert.DoesNotContain("PluggableDmaBuf.Core", reference, StringComparison.Ordinal);
            Assert.DoesNotContain("PluggableDmaBuf.Host", reference, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Plugins))]
    public void A_plugin_project_has_no_project_reference_of_its_own(string plugin)
    {
        var name = plugin["PluggableDmaBuf.Plugins.".Length..];
        var project = XDocument.Load(Path.Combine(Repository.Root, "plugins", name, plugin + ".csproj"));

        Assert.Empty(project.Descendants("ProjectReference"));
        Assert.Contains(project.Descendants("Import"), i => ((string?)i.Attribute("Project"))?.EndsWith("build/Plugin.props", StringComparison.Ordinal) == true);
    }

    public static TheoryData<string> Plugins() => new(s_plugins);
}
