using System.Text;
using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Negotiation;

namespace PluggableDmaBuf.Host.Tests.Negotiation;

/// <summary>
/// Requests with very long lists are read and validated in linear time: 128,000 devices, or one
/// device with 128,000 usages or modifiers, took tens of seconds with the pairwise duplicate checks.
/// Run, not timed (performance is measured by the benchmarks); a quadratic check would take this
/// test from well under a second to minutes.
/// </summary>
public sealed class LargeRequestTests
{
    private const int Count = 128_000;

    [Fact]
    public void A_request_with_128000_devices_is_read()
    {
        var input = NegotiateInputReader.Read(Devices(Count, duplicateLast: false), "big.json");

        Assert.Equal(Count, input.Devices.Count);
        Assert.Equal("d127999", input.Devices[^1].Name);
    }

    [Fact]
    public void A_duplicate_name_at_the_end_of_128000_devices_is_found_with_its_index()
    {
        var e = Assert.Throws<BadInputException>(() => NegotiateInputReader.Read(Devices(Count, duplicateLast: true), "big.json"));

        Assert.Equal("devices[127999].name: 'd0' is listed twice", e.Message);
    }

    [Fact]
    public void An_unknown_exporter_among_128000_devices_lists_a_few_of_them()
    {
        var json = Devices(Count, duplicateLast: false).Replace("\"size\": 4096", "\"size\": 4096, \"exporter\": \"nobody\"", StringComparison.Ordinal);

        var e = Assert.Throws<BadInputException>(() => NegotiateInputReader.Read(json, "big.json"));

        Assert.Equal("request.exporter: 'nobody' is not one of the devices (d0, d1, d2, d3, d4, d5, d6, d7 and 127992 more)", e.Message);
    }

    [Theory]
    [InlineData("usages")]
    [InlineData("heaps")]
    public void A_device_with_128000_names_in_a_list_is_checked_for_duplicates(string list)
    {
        var names = string.Join(',', Enumerable.Range(0, Count).Select(i => $"\"n{i}\"")) + ",\"n0\"";
        var json = $$"""{ "request": { "size": 4096 }, "devices": [ { "name": "d", "{{list}}": [{{names}}] } ] }""";

        var e = Assert.Throws<BadInputException>(() => NegotiateInputReader.Read(json, "big.json"));

        Assert.Equal($"devices[0].{list}[{Count}]: 'n0' is listed twice", e.Message);
    }

    [Fact]
    public void A_format_with_128000_modifiers_is_checked_for_duplicates()
    {
        var modifiers = string.Join(',', Enumerable.Range(0, Count).Select(i => $"\"m{i}\"")) + ",\"m0\"";
        var json = $$"""{ "request": { "size": 4096 }, "devices": [ { "name": "d", "formats": [ { "format": "XR24", "modifiers": [{{modifiers}}] } ] } ] }""";

        var e = Assert.Throws<BadInputException>(() => NegotiateInputReader.Read(json, "big.json"));

        Assert.Equal($"devices[0].formats[0].modifiers[{Count}]: 'm0' is listed twice", e.Message);
    }

    private static string Devices(int count, bool duplicateLast)
    {
        var json = new StringBuilder("""{ "request": { "size": 4096 }, "devices": [""");
        for (var i = 0; i < count; i++)
        {
            var name = duplicateLast && i == count - 1 ? "d0" : $"d{i}";
            json.Append(i == 0 ? "" : ",").Append("{\"name\":\"").Append(name).Append("\",\"iommu\":true}");
        }

        return json.Append("] }").ToString();
    }
}
