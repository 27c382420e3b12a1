namespace PluggableDmaBuf.Abstractions.Tests.Formats;

public sealed class PixelFormatTests
{
    [Theory]
    [InlineData("XR24", 1, 4)]
    [InlineData("AR24", 1, 4)]
    [InlineData("RG16", 1, 2)]
    [InlineData("YUYV", 1, 2)]
    [InlineData("NV12", 2, 1)]
    [InlineData("YU12", 3, 1)]
    public void The_table_knows_every_spec_format(string name, int planes, int lumaBytes)
    {
        var format = PixelFormat.Parse(name);

        Assert.Equal(name, format.FourCC);
        Assert.Equal(planes, format.Planes.Count);
        Assert.Equal(lumaBytes, format.Planes[0].BytesPerSample);
    }

    [Fact]
    public void Chroma_planes_of_nv12_and_yu12_are_half_size_rounded_up()
    {
        Assert.Equal(6, PixelFormat.NV12.Planes[1].BytesPerRow(5));
        Assert.Equal(2, PixelFormat.NV12.Planes[1].Rows(3));
        Assert.Equal(3, PixelFormat.YU12.Planes[1].BytesPerRow(5));
        Assert.Equal(3, PixelFormat.YU12.Planes[2].BytesPerRow(5));
    }

    [Theory]
    [InlineData("nv12")]
    [InlineData("RGBA")]
    [InlineData("")]
    public void Unknown_names_are_refused_with_the_known_list(string name)
    {
        Assert.False(PixelFormat.TryParse(name, out _));
        var error = Assert.Throws<InvalidConstraintException>(() => PixelFormat.Parse(name, "formats[0]"));
        Assert.Equal("formats[0]", error.Property);
        Assert.Contains("known: XR24, AR24, RG16, YUYV, NV12, YU12", error.Reason, StringComparison.Ordinal);
    }
}
