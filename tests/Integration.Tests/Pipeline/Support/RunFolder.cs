namespace PluggableDmaBuf.Integration.Tests.Pipeline.Support;

/// <summary>A temporary folder for one run's inputs and outputs, deleted with everything in it.</summary>
internal sealed class RunFolder : IDisposable
{
    public RunFolder() => Path = Directory.CreateTempSubdirectory("pdmabuf-run-").FullName;

    public string Path { get; }

    /// <summary>The run's <c>--out</c> folder; not created here, so a test can check whether the run made it.</summary>
    public string Out => System.IO.Path.Combine(Path, "out");

    /// <summary>A <c>--report</c> path.</summary>
    public string Report => System.IO.Path.Combine(Path, "report.json");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes a JSON configuration file for <c>--config</c> and returns its path.</summary>
    public string Config(string json)
    {
        var path = File($"config-{Guid.NewGuid():N}.json");
        System.IO.File.WriteAllText(path, json);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
