using PluggableDmaBuf.Integration.Tests.Pipeline.Support;

namespace PluggableDmaBuf.Integration.Tests.Pipeline;

/// <summary><c>--snapshot-every N</c>: display0 also writes frames 0, N, 2N... as PNG, each listed in the outputs.</summary>
public sealed class SnapshotTests : IDisposable
{
    private readonly RunFolder _folder = new();

    [Fact]
    public void Every_nth_frame_and_the_last_are_written()
    {
        var report = CliResult.Run(_folder, "--frames", "7", "--size", "64x48", "--snapshot-every", "3").Succeeded();

        string[] expected = ["display0-primary-000000.png", "display0-primary-000003.png", "display0-primary-last.png"];
        Assert.Equal(expected.Select(f => Path.Combine(_folder.Out, f)), report.Outputs);
        Assert.Equal(expected, Directory.GetFiles(_folder.Out).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    public void Dispose() => _folder.Dispose();
}
