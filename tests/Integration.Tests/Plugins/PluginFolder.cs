namespace PluggableDmaBuf.Integration.Tests.Plugins;

/// <summary>A temporary plugin folder assembled from the fixture plugins and the real plugins built beside the tests.</summary>
internal sealed class PluginFolder : IDisposable
{
    public PluginFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"pdmabuf-plugins-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public static string Fixtures => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures");

    public static string RealPlugins => System.IO.Path.Combine(AppContext.BaseDirectory, "plugins");

    public PluginFolder With(string fixture)
    {
        Copy(System.IO.Path.Combine(Fixtures, fixture), System.IO.Path.Combine(Path, fixture));
        return this;
    }

    /// <summary>Copies one of the real plugins (<c>Video</c> for <c>PluggableDmaBuf.Plugins.Video</c>).</summary>
    public PluginFolder WithReal(string plugin)
    {
        var name = $"PluggableDmaBuf.Plugins.{plugin}";
        Copy(System.IO.Path.Combine(RealPlugins, name), System.IO.Path.Combine(Path, name));
        return this;
    }

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A collectible load context may still be finalising; the OS temp cleaner gets the rest.
        }
    }

    private static void Copy(string from, string to)
    {
        if (!Directory.Exists(from))
        {
            throw new DirectoryNotFoundException($"plugin {from} was not built");
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(to, System.IO.Path.GetRelativePath(from, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
