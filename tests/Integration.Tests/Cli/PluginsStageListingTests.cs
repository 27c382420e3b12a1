using System.Text.Json;
using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Cli;

/// <summary><c>pdmabuf plugins</c> with the real plugins lists every stage with its ports, properties and values, and what each plugin registers.</summary>
public sealed class PluginsStageListingTests
{
    [Fact]
    public void The_json_lists_gpu0_convert_with_its_ports_and_properties()
    {
        var run = CliResult.Of("plugins", "--plugins", CliResult.RealPlugins, "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var gpu = Plugin(json, "PluggableDmaBuf.Plugins.Gpu");
        var convert = Assert.Single(gpu.GetProperty("stages").EnumerateArray());
        Assert.Equal("gpu0:convert", convert.GetProperty("id").GetString());
        Assert.Equal("transform", convert.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, convert.GetProperty("error").ValueKind);
        Assert.False(convert.GetProperty("ownExporter").GetBoolean());
        Assert.Equal(["NV12:linear", "YU12:linear", "YUYV:linear"], Formats(convert.GetProperty("input")));
        Assert.Equal(["XR24:linear"], Formats(convert.GetProperty("output")));
        Assert.Equal(["render"], convert.GetProperty("output").GetProperty("usages").EnumerateArray().Select(u => u.GetString()));
        var matrix = convert.GetProperty("properties").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "matrix");
        Assert.Equal("choice", matrix.GetProperty("type").GetString());
        Assert.Equal("auto", matrix.GetProperty("default").GetString());
        Assert.Equal(["auto", "bt601", "bt709"], matrix.GetProperty("allowed").EnumerateArray().Select(v => v.GetString()));

        // What each plugin registers, in words; the existing fields stay.
        Assert.Equal(["device gpu0", "heap gpu0-vram", "stage gpu0:convert"], Strings(gpu.GetProperty("registers")));
        Assert.Equal(["PipelineStage"], Strings(gpu.GetProperty("services")));
        var central = Plugin(json, "PluggableDmaBuf.Plugins.CentralAllocator");
        Assert.True(central.GetProperty("centralAllocator").GetBoolean());
        Assert.Equal(["central allocator"], Strings(central.GetProperty("registers")));
        var display = Plugin(json, "PluggableDmaBuf.Plugins.Display");
        Assert.Equal(["display0:primary", "display0:overlay"], display.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(["crc-y:hex32", "crc-uv:hex32"], display.GetProperty("stages")[1].GetProperty("values").EnumerateArray()
            .Select(v => $"{v.GetProperty("name").GetString()}:{v.GetProperty("format").GetString()}"));
        Assert.Equal("source", Plugin(json, "PluggableDmaBuf.Plugins.Video").GetProperty("stages")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public void The_human_listing_has_a_row_per_stage_and_says_what_each_plugin_registers()
    {
        var run = CliResult.Of("plugins", "--plugins", CliResult.RealPlugins);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Contains("device gpu0, heap gpu0-vram, stage gpu0:convert", run.Out, StringComparison.Ordinal);
        Assert.Contains("central allocator", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("PipelineStage", run.Out, StringComparison.Ordinal);
        Assert.Matches(@"│ gpu0:convert\s+│ transform\s+│ NV12 \(linear\), YU12 \(linear\)", run.Out);
        Assert.Matches(@"│ video0:capture\s+│ source\s+│ -\s+│ NV12 \(linear\)", run.Out);
        Assert.Contains("matrix=auto (choice: one of auto,", run.Out, StringComparison.Ordinal);
    }

    internal static JsonElement Plugin(JsonDocument json, string name) =>
        json.RootElement.GetProperty("plugins").EnumerateArray().Single(p => p.GetProperty("name").GetString() == name);

    internal static IEnumerable<string> Formats(JsonElement port) => port.GetProperty("formats").EnumerateArray()
        .SelectMany(f => f.GetProperty("modifiers").EnumerateArray().Select(m => $"{f.GetProperty("format").GetString()}:{m.GetString()}"));

    private static IEnumerable<string?> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString());
}
