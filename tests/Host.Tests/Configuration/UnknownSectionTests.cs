using PluggableDmaBuf.Host.Tests.Cli;

namespace PluggableDmaBuf.Host.Tests.Configuration;

/// <summary>A top-level section the host does not know is an error naming it and the known sections, whatever the source.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class UnknownSectionTests : IDisposable
{
    private const string Known = "(known: Core, Faults, Logging, Memory, Pipeline, Plugins)";
    private readonly string _plugins = Directory.CreateTempSubdirectory("pdmabuf-empty-").FullName;

    [Fact]
    public void A_misspelt_section_in_a_config_file_is_named_with_a_suggestion()
    {
        var run = WithConfig("""{ "Pipleine": { "Frames": 3 } }""");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"Pipleine: unknown section {Known}; did you mean Pipeline?", run.Error.Trim());
    }

    [Fact]
    public void A_misspelt_section_in_an_environment_variable_is_named_with_a_suggestion()
    {
        Environment.SetEnvironmentVariable("PDMABUF_Pipleine__Frames", "3");
        try
        {
            var run = CliRun.Of("plugins", "--plugins", _plugins);

            Assert.Equal(2, run.ExitCode);
            Assert.Equal($"Pipleine: unknown section {Known}; did you mean Pipeline?", run.Error.Trim());
        }
        finally
        {
            Environment.SetEnvironmentVariable("PDMABUF_Pipleine__Frames", null);
        }
    }

    [Fact]
    public void A_section_like_no_known_one_gets_no_suggestion()
    {
        var run = WithConfig("""{ "Telemetry": { "Enabled": true } }""");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"Telemetry: unknown section {Known}", run.Error.Trim());
    }

    [Fact]
    public void A_top_level_value_is_an_unknown_section_too()
    {
        var run = WithConfig("""{ "Frames": 3 }""");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"Frames: unknown section {Known}", run.Error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Section_names_are_matched_ignoring_case_as_configuration_keys_are()
    {
        var run = WithConfig("""{ "memory": { "heaps": { "cma": { "size": 8388608 } } }, "core": { "strict": true } }""");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void A_misspelt_setting_inside_a_section_gets_a_suggestion()
    {
        var run = WithConfig("""{ "Pipeline": { "Frmes": 3 } }""");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("Pipeline:Frmes: unknown setting (expected one of: Graph, Frames,", run.Error.Trim(), StringComparison.Ordinal);
        Assert.EndsWith("; did you mean Frames?", run.Error.Trim(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_plugins, recursive: true);

    private CliRun WithConfig(string json) => CliRun.WithConfig(json, "plugins", "--plugins", _plugins);
}
