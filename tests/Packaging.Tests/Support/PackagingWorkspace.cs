using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace PluggableDmaBuf.Packaging.Tests.Support;

/// <summary>
/// One temp folder shared by the packaging tests: a copy of the repository's sources (never the
/// repository itself, whose bin/ and obj/ other builds use), a local feed, and a private NuGet cache
/// so that our package ids never reach the user's. Each artefact is made once, on first use.
/// </summary>
public sealed class PackagingWorkspace : IDisposable
{
    /// <summary>The version the repository's one version source says (Directory.Build.props).</summary>
    public static string CurrentVersion { get; } = XDocument.Load(Path.Combine(FindRepositoryRoot(), "Directory.Build.props"))
        .Descendants("Version").Single().Value;

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    private readonly Lazy<Task> _abstractions;
    private readonly Lazy<Task<string>> _tool;

    public PackagingWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), $"pdmabuf-packaging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Feed);
        Directory.CreateDirectory(NuGetPackages);
        // Stops MSBuild's search for Directory.Build.* above the temp folder, and names the sources:
        // the local feed, the user's cache read as a feed (no download of what is already there) and
        // whatever the user's own NuGet configuration adds.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(Root, "Directory.Build.targets"), "<Project />");
        File.WriteAllText(Path.Combine(Root, "Directory.Packages.props"), "<Project />");
        var userCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ??
            Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(Root, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="pdmabuf-test-feed" value="{Feed}" />
                {(Directory.Exists(userCache) ? $"<add key=\"user-cache\" value=\"{userCache}\" />" : "")}
              </packageSources>
            </configuration>
            """);
        _abstractions = new(PackAbstractionsAsync);
        _tool = new(PackToolAsync);
    }

    public string Root { get; }

    public string Feed => Path.Combine(Root, "feed");

    public string NuGetPackages => Path.Combine(Root, "nuget-packages");

    /// <summary>The feed holds PluggableDmaBuf.Abstractions <see cref="CurrentVersion"/> and 3.0.0, packed from copies of the sources.</summary>
    public Task AbstractionsPackedAsync() => _abstractions.Value;

    /// <summary>The pdmabuf tool packed from a copy of the sources and installed into a tool path; returns the command's path.</summary>
    public Task<string> InstalledToolAsync() => _tool.Value;

    /// <summary>
    /// Copies the repository files needed to build <paramref name="projects"/> (folders relative to the
    /// root) to a new folder under the workspace: the root props, build/, .editorconfig and those folders, without bin/ or obj/.
    /// </summary>
    public string CopyRepository(string name, params string[] projects)
    {
        var target = Path.Combine(Root, name);
        Directory.CreateDirectory(target);
        foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", ".editorconfig" })
        {
            var source = Path.Combine(RepositoryRoot, file);
            if (File.Exists(source))
            {
                File.Copy(source, Path.Combine(target, file));
            }
        }

        foreach (var folder in projects.Append("build"))
        {
            CopyTree(Path.Combine(RepositoryRoot, folder), Path.Combine(target, folder));
        }

        return target;
    }

    internal Task<DotNet.Result> DotNetAsync(string workingDirectory, params string[] args) => DotNet.RunAsync(workingDirectory, NuGetPackages, args);

    /// <summary>The AssemblyVersion of the library in a package of the feed.</summary>
    public Version AssemblyVersionIn(string packageId, string version)
    {
        using var package = ZipFile.OpenRead(Path.Combine(Feed, $"{packageId}.{version}.nupkg"));
        var entry = package.GetEntry($"lib/net10.0/{packageId}.dll") ?? throw new FileNotFoundException($"{packageId}.{version}.nupkg has no lib/net10.0/{packageId}.dll");
        using var stream = new MemoryStream();
        using (var dll = entry.Open())
        {
            dll.CopyTo(stream);
        }

        stream.Position = 0;
        using var pe = new PEReader(stream);
        return pe.GetMetadataReader().GetAssemblyDefinition().Version;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the OS temp cleaner gets the rest.
        }
    }

    private async Task PackAbstractionsAsync()
    {
        var current = CopyRepository("abstractions-current", "src/Abstractions");
        (await DotNetAsync(current, "pack", "src/Abstractions", "-c", "Release", "-o", Feed, "--disable-build-servers")).Succeeded();
        var next = CopyRepository("abstractions-3", "src/Abstractions");
        (await DotNetAsync(next, "pack", "src/Abstractions", "-c", "Release", "-o", Feed, "-p:Version=3.0.0", "--disable-build-servers")).Succeeded();
    }

    private async Task<string> PackToolAsync()
    {
        var sources = CopyRepository("host", "src", "plugins");
        var toolFeed = Path.Combine(Root, "tool-feed");
        (await DotNetAsync(sources, "pack", "src/Host", "-c", "Release", "-o", toolFeed, "--disable-build-servers")).Succeeded();
        var toolPath = Path.Combine(Root, "tools");
        (await DotNetAsync(Root, "tool", "install", "PluggableDmaBuf.Host", "--version", CurrentVersion, "--tool-path", toolPath, "--add-source", toolFeed)).Succeeded();
        return Path.Combine(toolPath, "pdmabuf");
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var parts = relative.Split(Path.DirectorySeparatorChar);
            if (parts.Any(p => p is "bin" or "obj" or "out"))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PluggableDmaBuf.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("the repository root (PluggableDmaBuf.sln) is not above the test assembly");
    }
}

/// <summary>The packaging tests share one workspace and run one after another: each one builds, and the machine is small.</summary>
[CollectionDefinition(Name)]
public sealed class PackagingCollection : ICollectionFixture<PackagingWorkspace>
{
    public const string Name = "packaging";
}
