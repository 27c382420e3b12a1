using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Tests.Errors;

/// <summary>Values from a user's file shown in an error: one short line, whatever they held.</summary>
public sealed class ErrorTextTests
{
    [Fact]
    public void A_long_value_is_cut_saying_how_long_it_was()
    {
        var quoted = ErrorText.Quote(new string('x', 100_000));

        Assert.Equal($"\"{new string('x', ErrorText.MaxValueLength)}… (100000 characters)\"", quoted);
    }

    [Theory]
    [InlineData("a\rb", "\"a\\u000db\"")]
    [InlineData("a\nb\tc", "\"a\\u000ab\\u0009c\"")]
    [InlineData("\u001b[31mred", "\"\\u001b[31mred\"")]
    [InlineData("\u2028", "\"\\u2028\"")]
    [InlineData("plain", "\"plain\"")]
    [InlineData("\U0001F600 ok", "\"\U0001F600 ok\"")]
    public void Control_characters_and_lone_surrogates_are_escaped(string value, string expected)
    {
        Assert.Equal(expected, ErrorText.Quote(value));
    }

    [Fact]
    public void A_lone_surrogate_is_escaped()
    {
        // Not theory data: xunit cannot carry a lone surrogate through its test case serialisation.
        Assert.Equal("\"x\\ud800y\"", ErrorText.Quote("x" + (char)0xD800 + "y"));
    }

    [Fact]
    public void A_whole_line_keeps_its_start_and_loses_its_line_breaks()
    {
        var line = ErrorText.Line("devices[0].name: " + new string('n', 5000) + "\r\n");

        Assert.StartsWith("devices[0].name: nnn", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\r', line);
        Assert.DoesNotContain('\n', line);
        Assert.EndsWith("… (5019 characters)", line, StringComparison.Ordinal);
    }
}
