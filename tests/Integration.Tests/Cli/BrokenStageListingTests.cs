using System.Text.Json;
using PluggableDmaBuf.Integration.Tests.Pipeline.Support;
using PluggableDmaBuf.Integration.Tests.Plugins;

namespace PluggableDmaBuf.Integration.Tests.Cli;

/// <summary>
/// A plugin whose stages throw (Fixture.BrokenStages): each broken stage is listed with its error, the plugin's good
/// stage still lists and inspects, and <c>inspect</c> of a broken one exits 4 naming the plugin and the error.
/// </summary>
public sealed class BrokenStageListingTests : IDisposable
{
    private readonly PluginFolder _folder = new PluginFolder().With("Fixture.BrokenStages").WithReal("Gpu");

    [Fact]
    public void The_json_lists_each_broken_stage_with_its_error_and_the_good_one_in_full()
    {
        var run = CliResult.Of("plugins", "--plugins", _folder.Path, "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var plugin = PluginsStageListingTests.Plugin(json, "Fixture.BrokenStages");
        Assert.Equal(JsonValueKind.Null, plugin.GetProperty("error").ValueKind);
        var stages = plugin.GetProperty("stages").EnumerateArray().ToArray();
        Assert.Equal(3, stages.Length);

        Assert.Equal("flaky0:ok", stages[0].GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, stages[0].GetProperty("error").ValueKind);
        Assert.Equal("loop", stages[0].GetProperty("properties")[0].GetProperty("name").GetString());
        Assert.Equal("decimal", stages[0].GetProperty("values")[0].GetProperty("format").GetString());

        Assert.Equal(JsonValueKind.Null, stages[1].GetProperty("id").ValueKind);
        Assert.Equal("Fixture.BrokenStages.BadPortStage", stages[1].GetProperty("type").GetString());
        Assert.Equal("BadPortStage constructor threw InvalidConstraintException: formats[0]: flaky0 does not declare NV12 with modifier linear",
            stages[1].GetProperty("error").GetString());

        Assert.Equal("flaky0:props", stages[2].GetProperty("id").GetString());
        Assert.Equal("ThrowingPropertiesStage.Properties threw InvalidOperationException: the property table is not loaded",
            stages[2].GetProperty("error").GetString());

        Assert.Equal("gpu0:convert", PluginsStageListingTests.Plugin(json, "PluggableDmaBuf.Plugins.Gpu").GetProperty("stages")[0].GetProperty("id").GetString());
    }

    [Fact]
    public void The_human_listing_prints_one_error_line_per_broken_stage()
    {
        var run = CliResult.Of("plugins", "--plugins", _folder.Path);

        Assert.Equal(0, run.ExitCode);
        var errors = run.Out.Split('\n').Where(l => l.StartsWith("error ", StringComparison.Ordinal)).Select(l => l.TrimEnd()).ToArray();
        var where = $"error Fixture.BrokenStages ({_folder.Sub("Fixture.BrokenStages")}): stage";
        Assert.Equal(
        [
            $"{where} Fixture.BrokenStages.BadPortStage: BadPortStage constructor threw InvalidConstraintException: formats[0]: flaky0 does not declare NV12 with modifier linear",
            $"{where} flaky0:props: ThrowingPropertiesStage.Properties threw InvalidOperationException: the property table is not loaded",
        ], errors);
        Assert.Matches(@"│ flaky0:ok\s+│ sink", run.Out);
    }

    [Theory]
    [InlineData("flaky0:props", "stage flaky0:props of plugin Fixture.BrokenStages ({0}) cannot be used: " +
        "ThrowingPropertiesStage.Properties threw InvalidOperationException: the property table is not loaded")]
    [InlineData("flaky0:bad", "stage flaky0:bad is not among the stages of plugin Fixture.BrokenStages ({0}) that could be created; " +
        "BadPortStage constructor threw InvalidConstraintException: formats[0]: flaky0 does not declare NV12 with modifier linear")]
    public void Inspecting_a_broken_stage_exits_4_naming_the_plugin_and_the_error(string id, string message)
    {
        var run = CliResult.Of("inspect", id, "--plugins", _folder.Path);

        Assert.Equal(4, run.ExitCode);
        Assert.Equal([string.Format(System.Globalization.CultureInfo.InvariantCulture, message, _folder.Sub("Fixture.BrokenStages"))], run.ErrorLines);
    }

    [Fact]
    public void The_good_stage_of_the_same_plugin_inspects_without_being_configured()
    {
        // flaky0:ok throws if configured: a clean result shows inspection never configures a stage.
        var run = CliResult.Of("inspect", "flaky0:ok", "--plugins", _folder.Path, "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        Assert.Equal("flaky0:ok loop=true", json.RootElement.GetProperty("stage").GetProperty("properties")[0].GetProperty("example").GetString());
    }

    public void Dispose() => _folder.Dispose();
}
