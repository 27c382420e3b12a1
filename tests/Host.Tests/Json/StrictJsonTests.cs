using System.Text;
using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Json;

namespace PluggableDmaBuf.Host.Tests.Json;

/// <summary>
/// What System.Text.Json accepts but a user's file must not hold: a key given twice (the last one
/// would silently win) and an escaped lone UTF-16 surrogate (which crashed the reader of the value
/// with an InvalidOperationException). Both are refused at any depth, naming the JSON path.
/// </summary>
public sealed class StrictJsonTests
{
    [Theory]
    [InlineData("""{"a":1,"a":2}""", "a: is given twice in the same object (give each key once)")]
    [InlineData("""{"devices":[{"name":"d","addressBits":32,"addressBits":64}]}""", "devices[0].addressBits: is given twice")]
    [InlineData("""{"x":{"y":[0,{"z":true,"z":false}]}}""", "x.y[1].z: is given twice")]
    [InlineData("""{"a\u0062":1,"ab":2}""", "ab: is given twice")]
    public void A_key_given_twice_is_refused_with_its_path(string json, string expected)
    {
        var e = Assert.Throws<BadInputException>(() => Parse(json));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"devices":"\ud800"}""", "devices: the string \"\\ud800\" holds a lone UTF-16 surrogate")]
    [InlineData("""{"devices":["ok","a\udc00b"]}""", "devices[1]: the string \"a\\udc00b\" holds a lone UTF-16 surrogate")]
    [InlineData("""{"de\udfffvices":1}""", "$: a key holds a lone UTF-16 surrogate (\"de\\udfffvices\")")]
    [InlineData("""{"a":{"\ud800":1}}""", "a: a key holds a lone UTF-16 surrogate")]
    public void A_lone_surrogate_is_refused_with_its_path(string json, string expected)
    {
        var e = Assert.Throws<BadInputException>(() => Parse(json));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_surrogate_pair_and_the_same_key_in_different_objects_are_fine()
    {
        using var document = Parse("""{"name":"\ud83d\ude00","a":{"k":1},"b":{"k":2},"list":[{"k":1},{"k":2}]}""");

        Assert.Equal("\U0001F600", document.RootElement.GetProperty("name").GetString());
    }

    [Fact]
    public void A_byte_order_mark_is_skipped_and_comments_and_trailing_commas_are_allowed()
    {
        using var document = StrictJson.Parse(Encoding.UTF8.GetPreamble().Concat("""{"a":1, /* note */ }"""u8.ToArray()).ToArray(), "f.json");

        Assert.Equal(1, document.RootElement.GetProperty("a").GetInt32());
    }

    [Fact]
    public void Invalid_utf8_is_refused_not_silently_replaced()
    {
        var e = Assert.Throws<BadInputException>(() => StrictJson.Parse(new byte[] { (byte)'"', 0xC3, 0x28, (byte)'"' }, "f.json"));

        Assert.Equal("f.json: not valid UTF-8 at line 1, byte 2", e.Message);
    }

    [Fact]
    public void Invalid_utf8_in_a_key_is_found_with_its_line()
    {
        var json = "{\n  \"name\": 1,\n  \"w"u8.ToArray().Concat(new byte[] { 0xFF }).Concat("dth\": 2 }"u8.ToArray()).ToArray();

        var e = Assert.Throws<BadInputException>(() => StrictJson.Parse(json, "f.json"));

        Assert.Equal("f.json: not valid UTF-8 at line 3, byte 5", e.Message);
    }

    [Fact]
    public void Deep_nesting_is_malformed_json_not_a_stack_overflow()
    {
        var json = new string('[', 100_000) + new string(']', 100_000);

        var e = Assert.Throws<BadInputException>(() => Parse(json));

        Assert.StartsWith("f.json: malformed JSON", e.Message, StringComparison.Ordinal);
    }

    private static System.Text.Json.JsonDocument Parse(string json) => StrictJson.Parse(Encoding.UTF8.GetBytes(json), "f.json");
}
