using System.Text.Json;
using PluggableDmaBuf.Integration.Tests.Pipeline.Support;
using PluggableDmaBuf.Tests.Processes;

namespace PluggableDmaBuf.Integration.Tests.Authoring;

/// <summary>
/// A plugin made the way an outsider makes one, once for the collection, in a temporary folder: the
/// packages are packed from this clone into a local feed; the template is installed from it into a
/// private template hive; <c>dotnet new pdmabuf-plugin -n Contoso.Scaler</c> makes the projects, which are
/// restored from that feed only (package source mapping: <c>PluggableDmaBuf.*</c> from nowhere else) into
/// a private packages folder, built and tested; the plugin's output is laid out as a plugin folder. Nothing
/// is written to the user's template hive or packages folder. Every step is bounded; one that fails stops
/// the collection with its command and output.
/// </summary>
public sealed class OutsiderPluginFixture : IAsyncLifetime
{
    public const string ProjectName = "Contoso.Scaler";

    /// <summary>What is packed into the feed: the package id and its project, relative to the repository.</summary>
    private static readonly (string Id, string Project)[] s_packages =
    [
        ("PluggableDmaBuf.Abstractions", "src/Abstractions/PluggableDmaBuf.Abstractions.csproj"),
        ("PluggableDmaBuf.Testing", "src/Testing/PluggableDmaBuf.Testing.csproj"),
        ("PluggableDmaBuf.Templates", "templates/PluggableDmaBuf.Templates.csproj"),
    ];

    /// <summary>The user's packages folder: the repository restores into it as always, and the generated projects read third-party packages from it.</summary>
    private static readonly string s_machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    public string Root { get; } = Directory.CreateTempSubdirectory("pdmabuf-authoring-").FullName;

    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The private global packages folder the generated projects restore into.</summary>
    public string Packages => Path.Combine(Root, "packages");

    /// <summary>The folder <c>dotnet new</c> made.</summary>
    public string Generated => Path.Combine(Root, "work", ProjectName);

    /// <summary>The folder <c>dotnet new pdmabuf-plugin -n Fabrikam.Blur --PluggableDmaBufVersion 2.1.0</c> made (not built).</summary>
    public string Renamed => Path.Combine(Root, "work", "Fabrikam.Blur");

    /// <summary>A plugin folder holding the built plugin, as <c>--plugins</c> takes it.</summary>
    public string PluginFolder => Path.Combine(Root, "plugins");

    /// <summary>The version every package was packed with (the repository's).</summary>
    public string Version { get; private set; } = "";

    /// <summary>The output of <c>dotnet test</c> on the generated projects.</summary>
    internal DotNet.Result TestRun { get; private set; } = new(-1, "", "");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(Path.Combine(Root, "work"));
        foreach (var (_, project) in s_packages)
        {
            // Built in place, as the solution's build left it (incrementally); only the feed is new.
            (await DotNet.RunAsync(Repository.Root, s_machinePackages, "pack", Path.Combine(Repository.Root, project), "-c", "Release", "-o", Feed)).Succeeded();
        }

        Version = FeedVersion();
        await File.WriteAllTextAsync(Path.Combine(Root, "work", "NuGet.config"), await NuGetConfigAsync());

        var hive = Path.Combine(Root, "hive");
        var template = Path.Combine(Feed, $"PluggableDmaBuf.Templates.{Version}.nupkg");
        var work = Path.Combine(Root, "work");
        (await DotNet.RunAsync(Root, Packages, "new", "install", template, "--debug:custom-hive", hive)).Succeeded();
        (await DotNet.RunAsync(work, Packages, "new", "pdmabuf-plugin", "-n", ProjectName, "-o", Generated, "--no-update-check", "--debug:custom-hive", hive)).Succeeded();
        (await DotNet.RunAsync(work, Packages, "new", "pdmabuf-plugin", "-n", "Fabrikam.Blur", "-o", Renamed, "--PluggableDmaBufVersion", "2.1.0",
            "--no-update-check", "--debug:custom-hive", hive)).Succeeded();

        (await DotNet.RunAsync(Generated, Packages, "build", $"{ProjectName}.slnx", "-c", "Release")).Succeeded();
        TestRun = (await DotNet.RunAsync(Generated, Packages, "test", $"{ProjectName}.slnx", "-c", "Release", "--no-build")).Succeeded();

        var output = Path.Combine(Generated, ProjectName, "bin", "Release", "net10.0");
        foreach (var file in Directory.GetFiles(output, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(PluginFolder, ProjectName, Path.GetRelativePath(output, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    /// <summary>Where NuGet says a package in the private packages folder came from.</summary>
    public string SourceOf(string id) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Packages, id.ToLowerInvariant(), Version, ".nupkg.metadata")))
            .RootElement.GetProperty("source").GetString()!;

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server or a test host may still hold a file; the OS temp cleaner gets the rest.
        }

        return Task.CompletedTask;
    }

    private string FeedVersion()
    {
        var prefix = "PluggableDmaBuf.Abstractions.";
        var package = Assert.Single(Directory.GetFiles(Feed, prefix + "*.nupkg"));
        return Path.GetFileNameWithoutExtension(package)[prefix.Length..];
    }

    /// <summary>
    /// The feed for <c>PluggableDmaBuf.*</c> and nothing else; for every other package, the machine's own
    /// packages folder (the repository's build restored the same third-party packages there), then the
    /// sources the machine is configured with.
    /// </summary>
    private async Task<string> NuGetConfigAsync()
    {
        var listed = (await DotNet.RunAsync(Root, Packages, "nuget", "list", "source", "--format", "short")).Succeeded();
        var upstream = listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("E ", StringComparison.Ordinal))
            .Select(l => l[2..].Trim())
            .ToList();
        if (Directory.Exists(s_machinePackages))
        {
            upstream.Insert(0, s_machinePackages);
        }

        var sources = string.Join("\n", upstream.Select((s, i) => $"""    <add key="upstream{i}" value="{System.Security.SecurityElement.Escape(s)}" />"""));
        var mappings = string.Join("\n", upstream.Select((_, i) => $"""    <packageSource key="upstream{i}"><package pattern="*" /></packageSource>"""));
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{System.Security.SecurityElement.Escape(Feed)}" />
            {sources}
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local"><package pattern="PluggableDmaBuf.*" /></packageSource>
            {mappings}
              </packageSourceMapping>
            </configuration>
            """;
    }
}
