using CsCheck;
using PluggableDmaBuf.Host.Text;

namespace PluggableDmaBuf.Host.Tests.Text;

/// <summary>The near miss suggested for a mistyped name.</summary>
public sealed class DidYouMeanPropertyTests
{
    private static readonly string[] s_stages = ["video0:capture", "gpu0:convert", "display0:primary", "display0:overlay"];

    [Theory]
    [InlineData("gpu0:convrt", "gpu0:convert")]
    [InlineData("gpu0:cnovert", "gpu0:convert")]
    [InlineData("gpu0:converts", "gpu0:convert")]
    [InlineData("Display0:Primary", "display0:primary")]
    [InlineData("display0:overlya", "display0:overlay")]
    [InlineData("video1:capture", "video0:capture")]
    public void A_typo_suggests_the_stage(string input, string expected) => Assert.Equal(expected, DidYouMean.Suggest(input, s_stages));

    [Theory]
    [InlineData("gpu0:convert")]
    [InlineData("audio0:mix")]
    [InlineData("x")]
    [InlineData("")]
    public void An_exact_or_distant_name_suggests_nothing(string input) => Assert.Null(DidYouMean.Suggest(input, s_stages));

    [Fact]
    public void One_edit_of_a_name_of_three_or_more_letters_leads_back_to_it()
    {
        var edit = Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 3, 20], Gen.Int[0, 3], Gen.Int[0, 100], Gen.Char.AlphaNumeric);
        edit.Sample((name, kind, at, c) =>
        {
            var i = at % name.Length;
            var typo = kind switch
            {
                0 => name.Remove(i, 1),
                1 => name.Insert(i, c.ToString()),
                2 => name[..i] + c + name[(i + 1)..],
                _ => i + 1 < name.Length ? name[..i] + name[i + 1] + name[i] + name[(i + 2)..] : name.Remove(i, 1),
            };
            var suggestion = DidYouMean.Suggest(typo, ["zz-unrelated-zz", name]);
            return typo == name ? suggestion is null : suggestion == name || DidYouMean.Distance(typo, name) == 0;
        });
    }

    [Fact]
    public void The_distance_is_symmetric_and_bounded_by_the_longer_length()
    {
        Gen.Select(Gen.String[Gen.Char.AlphaNumeric, 0, 12], Gen.String[Gen.Char.AlphaNumeric, 0, 12]).Sample((a, b) =>
        {
            var d = DidYouMean.Distance(a, b);
            return d == DidYouMean.Distance(b, a) && d <= Math.Max(a.Length, b.Length) && d >= Math.Abs(a.Length - b.Length)
                && (d == 0) == string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
        });
    }
}
