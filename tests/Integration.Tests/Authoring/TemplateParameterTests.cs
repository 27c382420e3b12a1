namespace PluggableDmaBuf.Integration.Tests.Authoring;

/// <summary>The template's name and version parameters reach every file: <c>-n Fabrikam.Blur --PluggableDmaBufVersion 2.1.0</c>.</summary>
[Collection(AuthoringCollection.Name)]
public sealed class TemplateParameterTests(OutsiderPluginFixture outsider)
{
    [Fact]
    public void The_name_names_the_projects_the_namespace_and_the_device()
    {
        var plugin = File.ReadAllText(Path.Combine(outsider.Renamed, "Fabrikam.Blur", "ScalerPlugin.cs"));

        Assert.True(File.Exists(Path.Combine(outsider.Renamed, "Fabrikam.Blur.slnx")));
        Assert.True(File.Exists(Path.Combine(outsider.Renamed, "Fabrikam.Blur.Tests", "Fabrikam.Blur.Tests.csproj")));
        Assert.Contains("namespace Fabrikam.Blur;", plugin, StringComparison.Ordinal);
        Assert.Contains("new(\"fabrikam0\"", plugin, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFiles(outsider.Renamed, "*", SearchOption.AllDirectories),
            f => File.ReadAllText(f).Contains("contoso", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_version_is_the_one_both_projects_reference()
    {
        foreach (var project in Directory.GetFiles(outsider.Renamed, "*.csproj", SearchOption.AllDirectories))
        {
            Assert.Contains("<PluggableDmaBufVersion>2.1.0</PluggableDmaBufVersion>", File.ReadAllText(project), StringComparison.Ordinal);
        }
    }
}
