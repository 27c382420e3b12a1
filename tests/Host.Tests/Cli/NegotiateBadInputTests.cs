namespace PluggableDmaBuf.Host.Tests.Cli;

public sealed class NegotiateBadInputTests
{
    private const string Gpu = """{ "name": "gpu0", "iommu": true }""";

    public static TheoryData<string, string> Mistakes => new()
    {
        { """{ "request": { "width": 64, "height": 64 }, "devices": [ """ + Gpu + ", { \"name\": \"d\", \"alignment\": 3000 } ] }",
            "devices[1].alignment: 3000 is not a power of two" },
        { """{ "request": { "width": 64, "height": 64 "devices": [] }""", "malformed JSON at line 1" },
        { """{ "request": { "height": 64 }, "devices": [ """ + Gpu + " ] }", "request.width: is missing" },
        { """{ "request": { "width": -5, "height": 64 }, "devices": [ """ + Gpu + " ] }", "request.width: -5 is outside 1 to 32768" },
        { """{ "request": { "width": 64.5, "height": 64 }, "devices": [ """ + Gpu + " ] }", "request.width: 64.5 is not a whole number" },
        { """{ "request": { "size": -1 }, "devices": [ """ + Gpu + " ] }", "request.size: -1 must be at least 1 byte" },
        { """{ "request": { "size": 10, "width": 4 }, "devices": [ """ + Gpu + " ] }", "request: give either size, or width and height, not both" },
        { """{ "request": { }, "devices": [ """ + Gpu + " ] }", "request: needs size, or width and height" },
        { """{ "request": { "width": 64, "height": 64, "formats": ["XR24", "BGRA"] }, "devices": [ """ + Gpu + " ] }", "request.formats[1]: unknown format 'BGRA'" },
        { """{ "request": { "width": 63, "height": 64, "formats": ["YUYV"] }, "devices": [ """ + Gpu + " ] }", "request.width: 63 is odd; YUYV needs an even width" },
        { """{ "request": { "size": 10, "exporter": "gpu1" }, "devices": [ """ + Gpu + " ] }", "request.exporter: 'gpu1' is not one of the devices (gpu0)" },
        { """{ "request": { "size": 10 }, "devices": [ { "name": "gpu0", "heaps": ["system", "vram"] } ] }""", "devices[0].heaps[1]: unknown heap 'vram'" },
        { """{ "request": { "size": 10 }, "devices": [ { "name": "gpu0", "formats": [ { "format": "XR24", "modifiers": [] } ] } ] }""", "devices[0].formats[0].modifiers: must list at least one modifier" },
        { """{ "request": { "size": 10 }, "devices": [ { "name": "gpu0", "formats": [ { "format": "Y800" } ] } ] }""", "devices[0].formats[0].format: unknown format 'Y800'" },
        { """{ "request": { "size": 10 }, "devices": [ { "name": "gpu0", "adressBits": 32 } ] }""", "devices[0].adressBits: unknown property" },
        { """{ "request": { "size": 10 }, "devices": [ { "name": "gpu0", "iommu": "yes" } ] }""", "devices[0].iommu: expected true or false, got the string \"yes\"" },
        { """{ "request": { "size": 10 }, "devices": [ { "iommu": true } ] }""", "devices[0].name: is missing" },
        { """{ "request": { "size": 10 }, "devices": [ """ + Gpu + ", " + Gpu + " ] }", "devices[1].name: 'gpu0' is listed twice" },
        { """{ "request": { "size": 10 }, "devices": [] }""", "devices: must list at least one device" },
        { """{ "request": { "size": 10 } }""", "devices: is missing" },
        { """{ "request": { "size": 10 }, "devices": {} }""", "devices: expected an array, got an object" },
        { """[1, 2]""", "$: expected an object, got an array" },
        { """{ "memory": { "heaps": { "dram": { "size": 4096 } } }, "request": { "size": 10 }, "devices": [ """ + Gpu + " ] }", "memory.heaps.dram: unknown heap" },
        { """{ "memory": { "heaps": { "cma": { "size": 1000 } } }, "request": { "size": 10 }, "devices": [ """ + Gpu + " ] }", "memory.heaps.cma.size: 1000 is not a positive multiple of 4096" },
        { """{ "memory": { "heaps": { "cma": { "size": 1073741824 } } }, "request": { "size": 10 }, "devices": [ """ + Gpu + " ] }", "memory.heaps.cma.size: 1073741824 bytes at 0x10000000 overlap heap system-dma32" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_mistake_exits_2_with_one_line_naming_the_path(string json, string expected)
    {
        var run = CliRun.Of("negotiate", CliRun.TempJson(json), "--json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_exits_2_naming_it()
    {
        var run = CliRun.Of("negotiate", "/nonexistent/request.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("/nonexistent/request.json: no such file", run.Error.Trim());
    }

    [Fact]
    public void An_unknown_command_exits_2()
    {
        var run = CliRun.Of("negotiat", "x.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("negotiat", run.Error, StringComparison.Ordinal);
    }
}
