using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// A link holds no more buffers than the run has frames (<c>Pipeline:LinkDepth</c>, 2 by default, is the
/// most, not the count): a one-frame job creates one buffer a link; a longer one the whole pool.
/// </summary>
public sealed class ShortRunBufferTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(7, 4)]
    public void Each_of_the_two_links_gets_as_many_buffers_as_frames_up_to_its_depth(int frames, int buffers)
    {
        var report = CliResult.Run(_folder, "--frames", $"{frames}", "--size", "64x48").Succeeded();

        Assert.Equal(frames, report.Frames);
        Assert.Equal(buffers, report.Buffers.Count);
        Assert.Equal(frames, report.Values("display0:primary crc").Count);
        Assert.Equal(0, report.Leaks);
    }

    [Fact]
    public void A_deeper_link_is_filled_up_to_its_depth_and_no_further()
    {
        var config = _folder.Config("""{ "Pipeline": { "LinkDepth": 3 } }""");

        var counts = new[] { 2, 3, 9 }.Select(frames =>
            CliResult.Run(_folder, "--config", config, "--frames", $"{frames}", "--size", "64x48").Succeeded().Buffers.Count);

        Assert.Equal([4, 6, 6], counts);
    }

    public void Dispose() => _folder.Dispose();
}
