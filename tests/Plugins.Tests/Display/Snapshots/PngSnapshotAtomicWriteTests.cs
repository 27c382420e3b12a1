using PluggableDmaBuf.Plugins.Display.Snapshots;
using StbImageSharp;

namespace PluggableDmaBuf.Plugins.Tests.Display.Snapshots;

/// <summary>A snapshot file appears whole or not at all: a write that fails leaves the old file and no temporary behind.</summary>
public sealed class PngSnapshotAtomicWriteTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pdmabuf-png-").FullName;

    [Fact]
    public void A_failed_write_leaves_the_previous_file_untouched_and_no_temporary_file()
    {
        var path = Path.Combine(_folder, "last.png");
        var plane = new PlaneLayout(0, 32, 8, 32);
        var buffer = new byte[plane.Length];
        Random.Shared.NextBytes(buffer);
        var writer = new PngSnapshotWriter();
        writer.WriteFile(buffer, plane, PixelFormat.XR24, 8, 8, path);
        var before = File.ReadAllBytes(path);

        // 9 pixels of 4 bytes do not fit a 32-byte row: the write fails after the temporary file exists.
        Assert.Throws<ArgumentException>(() => writer.WriteFile(buffer, plane, PixelFormat.XR24, 9, 8, path));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_new_file_is_complete_and_the_folder_holds_nothing_else()
    {
        var path = Path.Combine(_folder, "frame.png");
        var plane = new PlaneLayout(0, 64, 16, 64);
        var buffer = new byte[plane.Length];
        Random.Shared.NextBytes(buffer);

        new PngSnapshotWriter().WriteFile(buffer, plane, PixelFormat.XR24, 16, 16, path);

        Assert.Equal(16, ImageResult.FromMemory(File.ReadAllBytes(path), ColorComponents.RedGreenBlue).Width);
        Assert.Equal([path], Directory.GetFiles(_folder, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_folder_that_does_not_exist_fails_without_creating_anything()
    {
        var path = Path.Combine(_folder, "missing", "frame.png");
        var plane = new PlaneLayout(0, 32, 8, 32);

        Assert.Throws<DirectoryNotFoundException>(() => new PngSnapshotWriter().WriteFile(new byte[plane.Length], plane, PixelFormat.XR24, 8, 8, path));

        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
