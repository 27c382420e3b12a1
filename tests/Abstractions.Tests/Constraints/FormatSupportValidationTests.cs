namespace PluggableDmaBuf.Abstractions.Tests.Constraints;

public sealed class FormatSupportValidationTests
{
    [Fact]
    public void Modifiers_default_to_linear()
    {
        Assert.Equal(["linear"], new FormatSupport(PixelFormat.XR24).Modifiers);
    }

    [Theory]
    [InlineData(new string[0], "modifiers")]
    [InlineData(new[] { "linear", "" }, "modifiers[1]")]
    [InlineData(new[] { "tiled", "tiled" }, "modifiers[1]")]
    public void Bad_modifier_lists_are_refused(string[] modifiers, string property)
    {
        var error = Assert.Throws<InvalidConstraintException>(() => new FormatSupport(PixelFormat.XR24, modifiers));

        Assert.Equal(property, error.Property);
    }
}
