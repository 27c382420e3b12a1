using System.Text.Json;

namespace PluggableDmaBuf.Host.Tests.Cli;

public sealed class NegotiateCommandTests
{
    [Fact]
    public void The_spec_example_gives_the_spec_output()
    {
        var run = CliRun.Of("negotiate", CliRun.Example("gpu-to-display.json"), "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Error);
        Assert.Equal(
            """{"ok":true,"heap":"cma","format":"XR24","modifier":"linear","size":8323072,"alignment":65536,"maxSegments":1,"addressLimit":4294967295,"planes":[{"offset":0,"pitch":7680}]}""",
            run.Out.Trim());
    }

    [Fact]
    public void A_size_request_prints_nulls_for_format_modifier_and_planes()
    {
        var file = CliRun.TempJson("""{ "request": { "size": 5000 }, "devices": [ { "name": "gpu0", "iommu": true } ] }""");

        var run = CliRun.Of("negotiate", file, "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.Equal("system", root.GetProperty("heap").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("format").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("modifier").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("planes").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("maxSegments").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("addressLimit").ValueKind);
        Assert.Equal(8192, root.GetProperty("size").GetInt64());
    }

    [Fact]
    public void A_conflict_exits_3_with_one_json_object()
    {
        var file = CliRun.TempJson("""
            { "memory": { "heaps": { "cma": { "size": 4194304 } } },
              "request": { "exporter": "gpu0", "width": 1920, "height": 1080, "formats": ["XR24"] },
              "devices": [ { "name": "gpu0", "iommu": true, "heaps": ["system", "system-dma32", "cma", "gpu0-vram"] },
                           { "name": "display0", "addressBits": 32, "maxSegments": 1 } ] }
            """);

        var run = CliRun.Of("negotiate", file, "--json");

        Assert.Equal(3, run.ExitCode);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.False(root.GetProperty("ok").GetBoolean());
        Assert.Equal("heap", root.GetProperty("constraint").GetString());
        Assert.Equal(["display0"], root.GetProperty("devices").EnumerateArray().Select(d => d.GetString()));
        Assert.Contains("cma (4 MiB) cannot hold", root.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(["ok", "constraint", "devices", "message"], root.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Without_json_a_conflict_is_one_sentence_on_stderr()
    {
        var file = CliRun.TempJson("""
            { "request": { "width": 64, "height": 64 },
              "devices": [ { "name": "video0", "formats": [ { "format": "NV12" } ] },
                           { "name": "display0", "formats": [ { "format": "XR24" } ] } ] }
            """);

        var run = CliRun.Of("negotiate", file);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.Equal("negotiation conflict (format; video0, display0): no format is listed by every participant: video0 offers NV12; display0 takes XR24",
            run.Error.Trim());
    }

    [Fact]
    public void Without_json_a_placement_is_a_table()
    {
        var run = CliRun.Of("negotiate", CliRun.Example("gpu-to-display.json"));

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("cma (contiguous, zone dma32)", run.Out, StringComparison.Ordinal);
        Assert.Contains("XR24 (XRGB8888), modifier linear", run.Out, StringComparison.Ordinal);
        Assert.Contains("7680", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_explains_the_command()
    {
        var run = CliRun.Of("negotiate", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("pdmabuf negotiate <FILE>", run.Out, StringComparison.Ordinal);
        Assert.Contains("--json", run.Out, StringComparison.Ordinal);
    }
}
