using PluggableDmaBuf.Host.Tests.Cli;

namespace PluggableDmaBuf.Host.Tests.Configuration;

/// <summary>Invalid settings fail at start with the setting's path and the reason, exit code 2, whatever their source.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class SettingsValidationTests : IDisposable
{
    private readonly string _plugins = Directory.CreateTempSubdirectory("pdmabuf-empty-").FullName;

    [Fact]
    public void A_bad_heap_size_in_a_config_file_names_the_setting()
    {
        var config = CliRun.TempJson("""{ "Memory": { "Heaps": { "cma": { "Size": 1000 } } } }""");

        var run = CliRun.Of("plugins", "--plugins", _plugins, "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("Memory:Heaps:cma:Size: 1000 is not a positive multiple of 4096", run.Error.Trim());
    }

    [Fact]
    public void An_unknown_heap_names_the_setting()
    {
        var config = CliRun.TempJson("""{ "Memory": { "Heaps": { "dram": { "Size": 4096 } } } }""");

        var run = CliRun.Of("plugins", "--plugins", _plugins, "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("Memory:Heaps:dram: unknown heap (known: system, system-dma32, cma)", run.Error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_type_names_the_setting()
    {
        var config = CliRun.TempJson("""{ "Memory": { "Heaps": { "cma": { "Size": "large" } } } }""");

        var run = CliRun.Of("plugins", "--plugins", _plugins, "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Memory:Heaps:cma:Size", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_environment_variable_overrides_the_config_file()
    {
        var config = CliRun.TempJson("""{ "Memory": { "Heaps": { "cma": { "Size": 8192 } } } }""");
        Environment.SetEnvironmentVariable("PDMABUF_Memory__Heaps__cma__Size", "12345");
        try
        {
            var run = CliRun.Of("plugins", "--plugins", _plugins, "--config", config);

            Assert.Equal(2, run.ExitCode);
            Assert.Equal("Memory:Heaps:cma:Size: 12345 is not a positive multiple of 4096", run.Error.Trim());
        }
        finally
        {
            Environment.SetEnvironmentVariable("PDMABUF_Memory__Heaps__cma__Size", null);
        }
    }

    [Fact]
    public void A_missing_config_file_is_bad_input()
    {
        var run = CliRun.Of("plugins", "--plugins", _plugins, "--config", "/nonexistent/pdmabuf.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("/nonexistent/pdmabuf.json: no such configuration file", run.Error.Trim());
    }

    [Fact]
    public void A_malformed_config_file_is_bad_input()
    {
        var config = CliRun.TempJson("""{ "Memory": { """);

        var run = CliRun.Of("plugins", "--plugins", _plugins, "--config", config);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(config + ": malformed JSON", run.Error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_plugin_folder_is_bad_input()
    {
        var run = CliRun.Of("plugins", "--plugins", "/nonexistent/plugins");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("/nonexistent/plugins: plugin folder does not exist", run.Error.Trim());
    }

    [Fact]
    public void An_empty_plugin_folder_lists_no_plugin_and_says_why()
    {
        var run = CliRun.Of("plugins", "--plugins", _plugins, "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(run.Out);
        Assert.Equal(0, json.RootElement.GetProperty("plugins").GetArrayLength());
        var folder = Assert.Single(json.RootElement.GetProperty("folders").EnumerateArray());
        Assert.Equal(Path.GetFullPath(_plugins), folder.GetProperty("path").GetString());
        Assert.StartsWith("no plugin found: the folder is empty", folder.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_plugins, recursive: true);
}
