namespace PluggableDmaBuf.Abstractions.Tests.Negotiation;

public sealed class BufferRequestValidationTests
{
    public static TheoryData<Func<BufferRequest>, string> Invalid => new()
    {
        { () => BufferRequest.ForSize(0), "size" },
        { () => BufferRequest.ForSize(-1), "size" },
        { () => BufferRequest.ForImage(0, 10), "width" },
        { () => BufferRequest.ForImage(10, -1), "height" },
        { () => BufferRequest.ForImage(40000, 10), "width" },
        { () => BufferRequest.ForImage(10, 10, []), "formats" },
        { () => BufferRequest.ForImage(10, 10, [PixelFormat.NV12, PixelFormat.NV12]), "formats[1]" },
        { () => BufferRequest.ForImage(11, 10, [PixelFormat.YUYV]), "width" },
        { () => BufferRequest.ForSize(10, exporter: " "), "exporter" },
        { () => BufferRequest.ForSize(10, participants: ["a", ""]), "participants[1]" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Each_bad_value_names_its_property(Func<BufferRequest> create, string property)
    {
        Assert.Equal(property, Assert.Throws<InvalidConstraintException>(create).Property);
    }

    [Fact]
    public void An_odd_width_with_yuyv_says_why()
    {
        var error = Assert.Throws<InvalidConstraintException>(() => BufferRequest.ForImage(1919, 1080, [PixelFormat.YUYV]));

        Assert.Equal("width: 1919 is odd; YUYV needs an even width", error.Message);
    }
}
