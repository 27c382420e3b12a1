using Microsoft.Extensions.DependencyInjection;
using PluggableDmaBuf.Host.Plugins;

namespace PluggableDmaBuf.Host.Tests.Plugins;

/// <summary>
/// How discovery tells a plugin assembly lying loose in a folder from its dependencies, from metadata
/// alone: it references Abstractions and declares a type implementing <see cref="IDmaBufPlugin"/>.
/// </summary>
public sealed class PluginAssemblyRecognitionTests
{
    [Fact]
    public void An_assembly_declaring_an_entry_type_is_a_plugin()
    {
        // This test assembly declares one (below).
        Assert.Null(WhyNot(typeof(PluginAssemblyRecognitionTests).Assembly.Location));
    }

    [Fact]
    public void An_assembly_referencing_abstractions_without_an_entry_type_is_not()
    {
        Assert.Equal("declares no type implementing PluggableDmaBuf.IDmaBufPlugin", WhyNot(typeof(Core.Memory.MemoryMap).Assembly.Location));
    }

    [Fact]
    public void Abstractions_itself_is_not()
    {
        Assert.Equal("PluggableDmaBuf.Abstractions itself, which the host provides", WhyNot(typeof(IDmaBufPlugin).Assembly.Location));
    }

    [Fact]
    public void An_assembly_not_referencing_abstractions_is_not()
    {
        Assert.Equal("does not reference PluggableDmaBuf.Abstractions", WhyNot(typeof(System.CommandLine.Command).Assembly.Location));
    }

    [Fact]
    public void Bytes_that_are_not_an_assembly_are_not()
    {
        using var stream = new MemoryStream([0x4D, 0x5A, 1, 2, 3, 4]);

        Assert.Equal("not a valid .NET assembly", AssemblyInspector.WhyNotAPluginAssembly(stream));
    }

    private static string? WhyNot(string path)
    {
        using var stream = File.OpenRead(path);
        return AssemblyInspector.WhyNotAPluginAssembly(stream);
    }

    private sealed class DeclaredEntry : IDmaBufPlugin
    {
        public void ConfigureServices(IServiceCollection services)
        {
        }
    }
}
