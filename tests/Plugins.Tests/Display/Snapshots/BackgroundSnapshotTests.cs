using PluggableDmaBuf.Plugins.Display.Snapshots;
using PluggableDmaBuf.Plugins.Tests.Support;
using StbImageSharp;

namespace PluggableDmaBuf.Plugins.Tests.Display.Snapshots;

/// <summary>
/// The last frame's snapshot is copied out of the buffer before <see cref="BackgroundSnapshot.Start"/>
/// returns (in two halves, on two threads), so the file shows the frame as it was even when the buffer
/// is overwritten at once, as the pipeline may do with it.
/// </summary>
public sealed class BackgroundSnapshotTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pdmabuf-snapshot-").FullName;

    [Theory]
    [InlineData(1, 1, 0)]
    [InlineData(300, 200, 36)]
    [InlineData(1023, 77, 4)]
    public void The_file_holds_the_frame_as_it_was_when_the_snapshot_started(int width, int height, int padding)
    {
        var plane = new PlaneLayout(128, (4 * width) + padding, height, 4 * width);
        var buffer = new byte[plane.Offset + ((long)plane.Pitch * height)];
        new Random(width * height).NextBytes(buffer);
        var original = (byte[])buffer.Clone();
        var path = Path.Combine(_folder, $"{width}x{height}.png");

        var snapshot = BackgroundSnapshot.Start(new PngSnapshotWriter(), buffer, plane, PixelFormat.XR24, width, height, path);
        Array.Clear(buffer);
        snapshot.Finish();

        var decoded = ImageResult.FromMemory(File.ReadAllBytes(path), ColorComponents.RedGreenBlue);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        DecodedRgb.AssertMatches(decoded, original, plane, width, height);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
