using PluggableDmaBuf.Host.Tests.Cli;

namespace PluggableDmaBuf.Host.Tests.Configuration;

/// <summary>
/// <c>Pipeline:StallTimeoutSeconds</c> is bounded above by an hour: <c>1e308</c> used to overflow a
/// TimeSpan and crash; now it is bad input naming the setting, like 0 or a negative value.
/// </summary>
public sealed class StallTimeoutBoundTests : IDisposable
{
    private readonly string _plugins = Directory.CreateTempSubdirectory("pdmabuf-empty-").FullName;

    [Theory]
    [InlineData("1e308")]
    [InlineData("3600.5")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("NaN")]
    public void An_out_of_range_timeout_is_exit_2_naming_the_setting(string value)
    {
        var config = CliRun.TempJson($$"""{ "Pipeline": { "StallTimeoutSeconds": "{{value}}" } }""");

        var run = CliRun.Of("run", "--plugins", _plugins, "--config", config);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Pipeline:StallTimeoutSeconds: ", line, StringComparison.Ordinal);
        Assert.EndsWith("must be more than 0 and at most 3600", line, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_plugins, recursive: true);
}
