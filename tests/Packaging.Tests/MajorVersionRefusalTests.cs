using System.Text.Json;
using System.Text.RegularExpressions;
using PluggableDmaBuf.Packaging.Tests.Support;

namespace PluggableDmaBuf.Packaging.Tests;

/// <summary>
/// Bumping the Abstractions major version makes a plugin built against it refused by the host, with the
/// message docs/plugin-authoring.md documents: a plugin built from the packed Abstractions 3.0.0, loaded
/// by the installed pdmabuf tool.
/// </summary>
[Collection(PackagingCollection.Name)]
public sealed partial class MajorVersionRefusalTests(PackagingWorkspace workspace)
{
    [Fact]
    public async Task A_plugin_built_against_another_major_is_refused_with_the_documented_message()
    {
        await workspace.AbstractionsPackedAsync();
        var pdmabuf = await workspace.InstalledToolAsync();
        var plugin = Path.Combine(workspace.Root, "Contoso.NextMajor");
        Directory.CreateDirectory(plugin);
        File.WriteAllText(Path.Combine(plugin, "Contoso.NextMajor.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <EnableDynamicLoading>true</EnableDynamicLoading>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="PluggableDmaBuf.Abstractions" Version="3.0.0" ExcludeAssets="runtime" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(plugin, "NextMajorPlugin.cs"), """
            using Microsoft.Extensions.DependencyInjection;
            using PluggableDmaBuf;

            namespace Contoso.NextMajor;

            public sealed class NextMajorPlugin : IDmaBufPlugin
            {
                public void ConfigureServices(IServiceCollection services) =>
                    services.AddDmaBufDevice(new DeviceDescription("next0"), DeviceRoles.Exporter);
            }
            """);
        var output = Path.Combine(plugin, "out");
        (await workspace.DotNetAsync(plugin, "build", "-c", "Release", "-o", output, "--disable-build-servers")).Succeeded();

        var listing = (await DotNet.RunCommandAsync(pdmabuf, workspace.Root, workspace.NuGetPackages, "plugins", "--json", "--plugins", output)).Succeeded();

        using var json = JsonDocument.Parse(listing.Output);
        var refused = Assert.Single(json.RootElement.GetProperty("plugins").EnumerateArray());
        Assert.Equal("Contoso.NextMajor", refused.GetProperty("name").GetString());
        var error = refused.GetProperty("error").GetString()!;
        var host = int.Parse(PackagingWorkspace.CurrentVersion.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal($"built against PluggableDmaBuf.Abstractions 3.0.0.0, but this host provides {host}.0.0.0: the major versions are incompatible; rebuild the plugin against {host}.x", error);
        Assert.Matches(DocumentedRefusal(), error);
    }

    /// <summary>The refusal as docs/plugin-authoring.md spells it, its placeholders (PLUGIN, HOST, MAJOR) made patterns.</summary>
    private static Regex DocumentedRefusal()
    {
        var docs = File.ReadAllText(Path.Combine(PackagingWorkspace.RepositoryRoot, "docs", "plugin-authoring.md"));
        var documented = DocumentedLine().Match(docs);
        Assert.True(documented.Success, "docs/plugin-authoring.md does not document the major-version refusal");
        var pattern = Regex.Escape(documented.Value)
            .Replace("PLUGIN", @"\d+\.0\.0\.0", StringComparison.Ordinal)
            .Replace("HOST", @"\d+\.0\.0\.0", StringComparison.Ordinal)
            .Replace("MAJOR", @"\d+", StringComparison.Ordinal);
        return new Regex($"^{pattern}$");
    }

    [GeneratedRegex(@"built against PluggableDmaBuf\.Abstractions PLUGIN, but this host provides HOST: [^\n`]*")]
    private static partial Regex DocumentedLine();
}
