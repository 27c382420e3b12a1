using System.Reflection;
using System.Text.Json;
using PluggableDmaBuf.Integration.Tests.Pipeline.Support;
using PluggableDmaBuf.Integration.Tests.Plugins;

namespace PluggableDmaBuf.Integration.Tests.Cli;

/// <summary><c>pdmabuf inspect STAGE</c> with the real plugins: one stage in full, and the exit codes of a wrong or failed one.</summary>
public sealed class InspectCommandTests
{
    [Fact]
    public void The_json_has_the_plugin_the_device_and_the_stage_with_how_to_set_each_property()
    {
        var run = CliResult.Of("inspect", "gpu0:convert", "--plugins", CliResult.RealPlugins, "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.Equal(["plugin", "device", "stage"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("PluggableDmaBuf.Plugins.Gpu", root.GetProperty("plugin").GetProperty("name").GetString());
        // The built-in plugins carry the repository's one version, as Abstractions does.
        var version = typeof(IDmaBufPlugin).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        Assert.Equal(version, root.GetProperty("plugin").GetProperty("version").GetString());
        Assert.EndsWith("PluggableDmaBuf.Plugins.Gpu", root.GetProperty("plugin").GetProperty("path").GetString(), StringComparison.Ordinal);
        var device = root.GetProperty("device");
        Assert.Equal("gpu0", device.GetProperty("name").GetString());
        Assert.True(device.GetProperty("iommu").GetBoolean());
        Assert.Equal(48, device.GetProperty("addressBits").GetInt32());
        Assert.Equal(["exporter", "importer"], device.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));

        var stage = root.GetProperty("stage");
        Assert.Equal(
            ["id", "name", "device", "type", "kind", "description", "input", "output", "properties", "values", "ownExporter", "error"],
            stage.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("gpu0:convert", "convert", "gpu0", "transform"),
            (stage.GetProperty("id").GetString(), stage.GetProperty("name").GetString(), stage.GetProperty("device").GetString(), stage.GetProperty("kind").GetString()));
        Assert.Equal(["XR24:linear"], PluginsStageListingTests.Formats(stage.GetProperty("output")));
        var matrix = stage.GetProperty("properties")[0];
        Assert.Equal(["name", "type", "default", "range", "allowed", "description", "example", "configurationKey"], matrix.EnumerateObject().Select(p => p.Name));
        Assert.Equal("one of auto, bt601, bt709", matrix.GetProperty("range").GetString());
        Assert.Equal("gpu0:convert matrix=bt709", matrix.GetProperty("example").GetString());
        Assert.Equal("Plugins:PluggableDmaBuf.Plugins.Gpu:gpu0:convert:matrix", matrix.GetProperty("configurationKey").GetString());
        Assert.Equal(0, stage.GetProperty("values").GetArrayLength());
        Assert.False(stage.GetProperty("ownExporter").GetBoolean());
    }

    [Fact]
    public void The_human_form_shows_ports_properties_values_and_the_exporter()
    {
        var run = CliResult.Of("inspect", "display0:primary", "--plugins", CliResult.RealPlugins);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Matches(@"│ kind\s+│ sink", run.Out);
        Assert.Matches(@"│ input\s+│ XR24 \(linear\), AR24 \(linear\)\s+│ scanout", run.Out);
        Assert.Matches(@"│ output\s+│ none", run.Out);
        Assert.Matches(@"│ display0\s+│ importer\s+│ no\s+│ 32\s+│ 1 ", run.Out);
        Assert.Contains("display0:primary snapshot-every=0", run.Out, StringComparison.Ordinal);
        Assert.Contains("Plugins:PluggableDmaBuf.Plugins.Display:display0:primary:snapshot-every", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"│ crc\s+│ hex32\s+│ CRC-32", run.Out);
        Assert.Matches(@"│ exporter\s+│ - \(no output\)", run.Out);
    }

    [Fact]
    public void A_near_miss_exits_2_with_one_line_naming_the_stage_it_meant()
    {
        var run = CliResult.Of("inspect", "gpu0:convrt", "--plugins", CliResult.RealPlugins);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Equal(
            ["gpu0:convrt: no such stage (did you mean gpu0:convert?); known stages: display0:primary, display0:overlay, gpu0:convert, video0:capture"],
            run.ErrorLines);
    }

    [Fact]
    public void A_stage_of_a_plugin_that_failed_to_load_exits_4_naming_the_plugin_and_its_error()
    {
        using var folder = new PluginFolder().With("Fixture.Throwing").WithReal("Gpu");

        var run = CliResult.Of("inspect", "throw0:sink", "--plugins", folder.Path);

        Assert.Equal(4, run.ExitCode);
        Assert.Equal(
            [$"stage throw0:sink: plugin Fixture.Throwing ({folder.Sub("Fixture.Throwing")}), which registers throw0, failed to load: " +
             "ThrowingPlugin.ConfigureServices threw InvalidOperationException: the device tree is missing"],
            run.ErrorLines);
    }
}
