using System.Runtime.ExceptionServices;

namespace PluggableDmaBuf.Plugins.Display.Snapshots;

/// <summary>
/// The last frame's snapshot, encoded on a thread of its own so that the run's last frame is done when
/// it is scanned out, not when its PNG is on disk: the frame's plane is copied out of the buffer (which
/// goes back to the pipeline after the frame) and encoded while the run shuts down. <see cref="Finish"/>
/// waits for the file, and rethrows the encoder's failure if it had one.
/// </summary>
/// <remarks>One snapshot at a time per writer: the writer's scratch rows belong to the encoding thread until <see cref="Finish"/>.</remarks>
internal sealed class BackgroundSnapshot
{
    private readonly Thread _thread;
    private ExceptionDispatchInfo? _failure;

    private BackgroundSnapshot(PngSnapshotWriter writer, byte[] pixels, PlaneLayout plane, PixelFormat format, int width, int height, string path)
    {
        Path = path;
        _thread = new Thread(() =>
        {
            try
            {
                writer.WriteFile(pixels, plane, format, width, height, path);
            }
            catch (Exception e)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        {
            IsBackground = true,
            Name = "display0 snapshot",
        };
    }

    /// <summary>The file being written.</summary>
    public string Path { get; }

    /// <summary>Copies <paramref name="plane"/>'s rows out of <paramref name="buffer"/> and starts encoding them to <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The plane does not fit the buffer.</exception>
    public static BackgroundSnapshot Start(PngSnapshotWriter writer, ReadOnlySpan<byte> buffer, PlaneLayout plane, PixelFormat format, int width, int height,
        string path)
    {
        ArgumentNullException.ThrowIfNull(format);
        format.CheckLayout(width, height, plane, buffer.Length);
        var length = checked((int)(((long)plane.Pitch * (plane.Rows - 1)) + plane.RowBytes));
        var pixels = buffer.Slice(checked((int)plane.Offset), length).ToArray();
        var snapshot = new BackgroundSnapshot(writer, pixels, plane with { Offset = 0 }, format, width, height, path);
        snapshot._thread.Start();
        return snapshot;
    }

    /// <summary>Waits until the file is written.</summary>
    /// <exception cref="IOException">The file could not be written (whatever the encoder threw, rethrown as it was).</exception>
    public void Finish()
    {
        _thread.Join();
        _failure?.Throw();
    }
}
