using PluggableDmaBuf.Host.Text;

namespace PluggableDmaBuf.Host.Tests.Text;

/// <summary>A near miss of a known word gets it suggested; a far one, a huge one or nothing close gets nothing.</summary>
public sealed class DidYouMeanTests
{
    [Theory]
    [InlineData("", "", 0)]
    [InlineData("capture", "capture", 0)]
    [InlineData("Capture", "cAPTURE", 0)]
    [InlineData("captur", "capture", 1)]
    [InlineData("capturee", "capture", 1)]
    [InlineData("caxture", "capture", 1)]
    [InlineData("cpature", "capture", 1)]
    [InlineData("primray", "primary", 1)]
    [InlineData("ca", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    public void Distance_counts_edits_with_a_transposition_as_one(string a, string b, int distance)
    {
        Assert.Equal(distance, DidYouMean.Distance(a, b));
        Assert.Equal(distance, DidYouMean.Distance(b, a));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(5, 1)]
    [InlineData(6, 2)]
    [InlineData(9, 3)]
    [InlineData(40, 3)]
    public void The_threshold_grows_with_the_length_up_to_three(int length, int threshold)
    {
        Assert.Equal(threshold, DidYouMean.Threshold(length));
    }

    [Theory]
    [InlineData("matirx", "matrix")]
    [InlineData("MATRIX", "matrix")]
    [InlineData("strat-at", "start-at")]
    [InlineData("sourc", "source")]
    [InlineData("rnage", "range")]
    [InlineData("video0:captur", "video0:capture")]
    [InlineData("colour", null)]
    [InlineData("x", null)]
    [InlineData("", null)]
    public void A_near_miss_is_suggested(string word, string? suggestion)
    {
        Assert.Equal(suggestion, DidYouMean.Suggest(word, ["matrix", "range", "source", "start-at", "video0:capture", "y"]));
    }

    [Fact]
    public void Ties_go_to_the_ordinally_first_whatever_the_order_given()
    {
        Assert.Equal("gpu0:convert", DidYouMean.Suggest("gpu2:convert", ["gpu1:convert", "gpu0:convert"]));
        Assert.Equal("gpu0:convert", DidYouMean.Suggest("gpu2:convert", ["gpu0:convert", "gpu1:convert"]));
        Assert.Equal("abcd", DidYouMean.Suggest("abcx", ["abxx", "abcd"]));
    }

    [Fact]
    public void A_word_too_long_to_be_a_typo_gets_no_suggestion()
    {
        var word = new string('a', DidYouMean.MaxLength + 1);

        Assert.Null(DidYouMean.Suggest(word, [word[1..]]));
        Assert.Equal(word[1..], DidYouMean.Suggest(word[2..], [word[1..]]));
    }
}
