using PluggableDmaBuf.Host.Cli;

namespace PluggableDmaBuf.Host.Tests.Cli;

/// <summary>Runs <c>pdmabuf</c> in-process with captured stdout and stderr.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun Of(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = Pdmabuf.Run(args, new CliContext(stdout, stderr, interactive: false));
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    public static string TempJson(string json)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pdmabuf-test-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }

    /// <summary>Runs <c>pdmabuf ARGS --config FILE</c> with <paramref name="json"/> in a temporary file, deleted afterwards.</summary>
    public static CliRun WithConfig(string json, params string[] args)
    {
        var config = TempJson(json);
        try
        {
            return Of([.. args, "--config", config]);
        }
        finally
        {
            File.Delete(config);
        }
    }

    public static string Example(string name) => Path.Combine(AppContext.BaseDirectory, "examples", name);
}
