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
        var pixels = GC.AllocateUninitializedArray<byte>(length);
        CopyOnTwoThreads(buffer.Slice(checked((int)plane.Offset), length), pixels);
        var snapshot = new BackgroundSnapshot(writer, pixels, plane with { Offset = 0 }, format, width, height, path);
        snapshot._thread.Start();
        return snapshot;
    }

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="target"/>, each half on its own thread (the
    /// caller and a thread-pool thread). Most of the copy's cost is the first touch of the new array's
    /// pages (about 2 GB/s on the project's 2-core VM: 16 ms for a 3840×2160 frame on one thread), and at
    /// the last frame the other stages are done, so their cores are free to share it.
    /// </summary>
    private static unsafe void CopyOnTwoThreads(ReadOnlySpan<byte> source, byte[] target)
    {
        // Page-aligned halves, so that no page is faulted by both threads.
        var half = (source.Length / 2) & ~4095;
        fixed (byte* from = source)
        {
            var address = (nint)from;
            var length = source.Length;
            Parallel.Invoke(
                () => new ReadOnlySpan<byte>((byte*)address, half).CopyTo(target),
                () => new ReadOnlySpan<byte>((byte*)address + half, length - half).CopyTo(target.AsSpan(half)));
        }
    }

    /// <summary>Waits until the file is written.</summary>
    /// <exception cref="IOException">The file could not be written (whatever the encoder threw, rethrown as it was).</exception>
    public void Finish()
    {
        _thread.Join();
        _failure?.Throw();
    }
}
