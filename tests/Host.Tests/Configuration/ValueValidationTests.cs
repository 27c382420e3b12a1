using PluggableDmaBuf.Host.Tests.Cli;

namespace PluggableDmaBuf.Host.Tests.Configuration;

/// <summary>
/// A value that does not convert, or that options validation refuses, stops every command with one
/// line naming the setting's path (found without reading the configuration binder's messages).
/// </summary>
public sealed class ValueValidationTests : IDisposable
{
    private readonly string _plugins = Directory.CreateTempSubdirectory("pdmabuf-empty-").FullName;

    public static TheoryData<string, string> Cases => new()
    {
        { """{ "Pipeline": { "Frames": "abc" } }""", "Pipeline:Frames: 'abc' is not a whole number" },
        { """{ "Pipeline": { "Frames": 0 } }""", "Pipeline:Frames: 0 must be at least 1" },
        { """{ "Pipeline": { "Frames": 2000000000 } }""", "Pipeline:Frames: 2000000000 is more than 10,000,000, the most a run keeps per-frame values for" },
        { """{ "Plugins": { "Folders": { "first": "/p" } } }""", "Plugins:Folders:first: not a list index" },
        { """{ "Pipeline": { "PreviewAt": 2.5 } }""", "Pipeline:PreviewAt: '2.5' is not a whole number" },
        { """{ "Memory": { "Heaps": "large" } }""", "Memory:Heaps: expected a section, got the value 'large'" },
        { """{ "Memory": { "Heaps": { "cma": { "Size": { "MiB": 64 } } } } }""", "Memory:Heaps:cma:Size: expected a value, got a section" },
        { """{ "Logging": { "LogLevel": { "Default": "Loud" } } }""", "Logging:LogLevel:Default: 'Loud' is not a log level (one of Trace, Debug, Information, Warning, Error, Critical, None)" },
        { """{ "Logging": { "Console": { "LogLevel": { "Default": "Verbose" } } } }""", "Logging:Console:LogLevel:Default: 'Verbose' is not a log level" },
        { """{ "Logging": { "LogLevel": { "Default": "Warnign" } } }""", "Logging:LogLevel:Default: 'Warnign' is not a log level (one of Trace, Debug, Information, Warning, Error, Critical, None); did you mean Warning?" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_bad_value_is_one_line_naming_the_setting(string json, string expected)
    {
        var run = WithConfig(json);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(expected, run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Logging_providers_keep_their_own_keys()
    {
        var run = WithConfig("""{ "Logging": { "LogLevel": { "Default": "error" }, "Console": { "FormatterName": "simple" } } }""");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
    }

    public void Dispose() => Directory.Delete(_plugins, recursive: true);

    private CliRun WithConfig(string json) => CliRun.WithConfig(json, "plugins", "--plugins", _plugins);
}
