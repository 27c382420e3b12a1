using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary>
/// A link holds no more buffers than the run has frames (<c>Pipeline:LinkDepth</c> is the most, not
/// the count): a one-frame job creates one buffer a link; a longer one the whole pool.
/// </summary>
public sealed class ShortRunBufferTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 6)]
    [InlineData(7, 6)]
    public void Each_of_the_two_links_gets_as_many_buffers_as_frames_up_to_its_depth(int frames, int buffers)
    {
        var report = CliResult.Run(_folder, "--frames", $"{frames}", "--size", "64x48").Succeeded();

        Assert.Equal(frames, report.Frames);
        Assert.Equal(buffers, report.Buffers.Count);
        Assert.Equal(frames, report.Values("display0:primary crc").Count);
        Assert.Equal(0, report.Leaks);
    }

    public void Dispose() => _folder.Dispose();
}
