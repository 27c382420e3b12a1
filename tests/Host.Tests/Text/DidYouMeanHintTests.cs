using PluggableDmaBuf.Host.Text;

namespace PluggableDmaBuf.Host.Tests.Text;

public sealed class DidYouMeanHintTests
{
    private static readonly string[] s_sections = ["Core", "Logging", "Memory", "Pipeline", "Plugins"];

    [Theory]
    [InlineData("Pipleine", "Pipeline")]
    [InlineData("Pipline", "Pipeline")]
    [InlineData("pipeline", "Pipeline")]
    [InlineData("Memroy", "Memory")]
    [InlineData("Plugin", "Plugins")]
    [InlineData("Cor", "Core")]
    [InlineData("Loging", "Logging")]
    public void A_near_miss_is_suggested(string given, string meant)
    {
        Assert.Equal($"; did you mean {meant}?", DidYouMean.Hint(given, s_sections));
    }

    [Theory]
    [InlineData("Telemetry")]
    [InlineData("Cache")]
    [InlineData("Pipes")]
    public void A_name_like_none_gets_no_suggestion(string given)
    {
        Assert.Equal("", DidYouMean.Hint(given, s_sections));
    }

    [Theory]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc", "acb", 1)]
    [InlineData("abc", "ab", 1)]
    [InlineData("", "abc", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void The_distance_counts_edits_and_swaps(string a, string b, int distance)
    {
        Assert.Equal(distance, DidYouMean.Distance(a, b));
        Assert.Equal(distance, DidYouMean.Distance(b, a));
    }
}
