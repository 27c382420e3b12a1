using System.Text.RegularExpressions;
using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Authoring;

/// <summary>
/// <c>dotnet new pdmabuf-plugin -n Contoso.Scaler</c>, from the packed template, makes the committed sample;
/// it builds and passes its tests with the packages of the local feed; its output is a plugin folder.
/// </summary>
[Collection(AuthoringCollection.Name)]
public sealed partial class GeneratedProjectTests(OutsiderPluginFixture outsider)
{
    [Fact]
    public void The_template_makes_the_committed_sample()
    {
        var sample = Path.Combine(Repository.Root, "samples", OutsiderPluginFixture.ProjectName);

        var generated = SourceFiles(outsider.Generated);

        Assert.Equal(SourceFiles(sample).Keys, generated.Keys);
        foreach (var (file, text) in SourceFiles(sample))
        {
            Assert.True(text == generated[file], $"{file} differs between samples/ and what the template makes");
        }
    }

    [Fact]
    public void The_projects_reference_the_version_packed()
    {
        var project = File.ReadAllText(Path.Combine(outsider.Generated, OutsiderPluginFixture.ProjectName, OutsiderPluginFixture.ProjectName + ".csproj"));

        Assert.Contains($"<PluggableDmaBufVersion>{outsider.Version}</PluggableDmaBufVersion>", project, StringComparison.Ordinal);
    }

    [Fact]
    public void Its_tests_pass_with_the_packages_of_the_local_feed_only()
    {
        var summary = SummaryLine().Matches(outsider.TestRun.Output);

        var counts = Assert.Single(summary);
        Assert.Equal("0", counts.Groups["failed"].Value);
        Assert.True(int.Parse(counts.Groups["passed"].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, outsider.TestRun.Output);
        Assert.Equal(outsider.Feed, outsider.SourceOf("PluggableDmaBuf.Abstractions").TrimEnd('/'));
        Assert.Equal(outsider.Feed, outsider.SourceOf("PluggableDmaBuf.Testing").TrimEnd('/'));
    }

    [Fact]
    public void Its_output_holds_the_plugin_and_nothing_the_host_shares()
    {
        var folder = Path.Combine(outsider.PluginFolder, OutsiderPluginFixture.ProjectName);
        var assemblies = Directory.GetFiles(folder, "*.dll").Select(Path.GetFileName).ToArray();

        Assert.Contains(OutsiderPluginFixture.ProjectName + ".dll", assemblies);
        Assert.DoesNotContain("PluggableDmaBuf.Abstractions.dll", assemblies);
        Assert.DoesNotContain(assemblies, a => a!.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal));
    }

    private static Dictionary<string, string> SourceFiles(string root) =>
        Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "TestResults"))
            .Order(StringComparer.Ordinal)
            .ToDictionary(f => f, f => File.ReadAllText(Path.Combine(root, f)));

    /// <summary>The test runner's closing line for the test project, e.g. <c>Passed!  - Failed: 0, Passed: 12, …</c>.</summary>
    [GeneratedRegex(@"(Passed|Failed)!\s+-\s+Failed:\s+(?<failed>\d+),\s+Passed:\s+(?<passed>\d+)")]
    private static partial Regex SummaryLine();
}
