using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Pipeline.Graph;

namespace PluggableDmaBuf.Host.Tests.Pipeline.Graph;

/// <summary>
/// A description that breaks the grammar is one bad-input line (exit code 2): where, the column, what was
/// expected there and a short, escaped excerpt of what was found.
/// </summary>
public sealed class SyntaxErrorTests
{
    [Theory]
    [InlineData("", 1, "expected an element (device:stage), found end of input (the description is empty)")]
    [InlineData("   ", 4, "expected an element (device:stage), found end of input (the description is empty)")]
    [InlineData("video0:capture !", 17, "expected an element (device:stage) or a reference (label.) after '!', found end of input")]
    [InlineData("! gpu0:convert", 1, "expected an element (device:stage) or a reference (label.), found '!'")]
    [InlineData("a:b ! ! c:d", 7, "expected an element (device:stage) or a reference (label.) after '!', found '!'")]
    [InlineData("video0 ! gpu0:convert", 7, "expected ':' (device:stage), '.' (label.) or '=' (key=value) after 'video0', found a space")]
    [InlineData("video0\t! gpu0:convert", 7, "expected ':' (device:stage), '.' (label.) or '=' (key=value) after 'video0', found a tab")]
    [InlineData("video0\n! gpu0:convert", 7, "expected ':' (device:stage), '.' (label.) or '=' (key=value) after 'video0', found a line break")]
    [InlineData("video0: ! x:y", 8, "expected a stage name after 'video0:', found a space")]
    [InlineData("video0:capture:x", 15, "expected a space, '!' or end of input after 'video0:capture', found ':x'")]
    [InlineData("a:b. ! c:d", 4, "expected a space, '!' or end of input after 'a:b', found '.'")]
    [InlineData("1video:capture", 1, "expected an element (device:stage) or a reference (label.), found '1video:capture'")]
    [InlineData("x=1 a:b", 1, "expected an element (device:stage) or a reference (label.), found 'x=1'")]
    [InlineData("a:b \"x\"", 5, "expected a property (key=value), '!' or the next element, found '\"x\"'")]
    [InlineData("a:b =1", 5, "expected a property (key=value), '!' or the next element, found '=1'")]
    [InlineData("video0:capture source=", 23, "expected a value after 'source=' (quote an empty one: \"\"), found end of input")]
    [InlineData("video0:capture source= ! gpu0:convert", 23, "expected a value after 'source=' (quote an empty one: \"\"), found a space")]
    [InlineData("video0:capture source=!gpu0:convert", 23, "expected a value after 'source=' (quote an empty one: \"\"), found '!'")]
    [InlineData("video0:capture source=\"abc", 27, "expected '\"' closing the value opened at column 23, found end of input")]
    [InlineData("video0:capture source='abc", 27, "expected ''' closing the value opened at column 23, found end of input")]
    [InlineData("video0:capture source=\"a\\nb\"", 25, "expected \\\" or \\\\ (the only escapes in a quoted value), found '\\\\nb\"'")]
    [InlineData("video0:capture source=\"a\\", 25, "expected \\\" or \\\\ (the only escapes in a quoted value), found '\\\\'")]
    [InlineData("video0:capture source=a\"b", 24, "expected a space, '!' or end of input in the value of source (quote the whole value), found '\"b'")]
    [InlineData("video0:capture source=\"a\"b", 26, "expected a space, '!' or end of input after the quoted value of source, found 'b'")]
    [InlineData("v.", 3, "expected '!' after the reference v. (a reference links from or into a named element), found end of input")]
    [InlineData("a:b name=v v. c:d", 15, "expected '!' after the reference v. (a reference links from or into a named element), found 'c:d'")]
    [InlineData("v.x ! a:b", 3, "expected a space, '!' or end of input after the reference 'v.', found 'x'")]
    [InlineData("a:b ! v. x=1", 10, "expected '!' or the next element after a reference (properties belong to an element), found 'x=1'")]
    public void A_syntax_error_says_where_what_was_expected_and_what_was_found(string text, int column, string problem)
    {
        var e = Assert.Throws<PipelineSyntaxException>(() => PipelineGraphParser.Parse(text));

        Assert.Equal($"pipeline: column {column}: {problem}", e.Message);
        Assert.Equal(column, e.Column);
        Assert.IsAssignableFrom<BadInputException>(e);
    }

    [Fact]
    public void A_description_from_configuration_names_its_key()
    {
        var e = Assert.Throws<PipelineSyntaxException>(() => PipelineGraphParser.Parse("video0:capture !", "Pipeline:Graph"));

        Assert.Equal("Pipeline:Graph: column 17: expected an element (device:stage) or a reference (label.) after '!', found end of input", e.Message);
    }

    [Theory]
    [InlineData("video0:capture source=a\u001b[2Jb", 24, "expected a printable character in the value of source, found '\\u001b[2Jb'")]
    [InlineData("video0:capture source=\"a\rb\"", 25, "expected a printable character in the quoted value (control characters cannot be written), found a line break")]
    [InlineData("a:b \u001b[31mred", 5, "expected a property (key=value), '!' or the next element, found '\\u001b[31mred'")]
    [InlineData("a:b \u202ec:d", 5, "expected a property (key=value), '!' or the next element, found '\\u202ec:d'")]
    [InlineData("a:b\u00a0! c:d", 4, "expected a space, '!' or end of input after 'a:b', found '\\u00a0'")]
    [InlineData("a:b x=\r", 7, "expected a value after 'x=' (quote an empty one: \"\"), found a line break")]
    [InlineData("a:b \0", 5, "expected a property (key=value), '!' or the next element, found '\\0'")]
    public void Control_and_invisible_characters_are_escaped_in_the_message(string text, int column, string problem)
    {
        var e = Assert.Throws<PipelineSyntaxException>(() => PipelineGraphParser.Parse(text));

        Assert.Equal($"pipeline: column {column}: {problem}", e.Message);
    }

    [Fact]
    public void A_huge_word_is_cut_short_in_the_message()
    {
        var name = new string('a', 100_000);

        var e = Assert.Throws<PipelineSyntaxException>(() => PipelineGraphParser.Parse($"{name} ! b:c"));

        Assert.Equal($"pipeline: column 100001: expected ':' (device:stage), '.' (label.) or '=' (key=value) after '{new string('a', 32)}…', found a space", e.Message);
    }

    [Fact]
    public void A_huge_unexpected_text_is_cut_short_in_the_message()
    {
        var e = Assert.Throws<PipelineSyntaxException>(() => PipelineGraphParser.Parse("a:b " + new string('é', 100_000)));

        Assert.Equal($"pipeline: column 5: expected a property (key=value), '!' or the next element, found '{new string('é', 32)}…'", e.Message);
    }

    [Fact]
    public void An_excerpt_never_splits_an_escape_or_passes_its_length()
    {
        var e = Assert.Throws<PipelineSyntaxException>(() => PipelineGraphParser.Parse("a:b x=" + new string('y', 30) + new string('\u0007', 10)));

        Assert.Equal($"pipeline: column 37: expected a printable character in the value of x, found '{string.Concat(Enumerable.Repeat("\\u0007", 5))}…'", e.Message);
    }
}
