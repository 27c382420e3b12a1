namespace PluggableDmaBuf.Core.Storage;

/// <summary>
/// The real bytes of one buffer (design §3): a page-aligned block of process memory, zeroed on
/// creation, released exactly once. The buffer object guarantees that no view outlives it.
/// </summary>
internal abstract unsafe class BufferStorage
{
    private int _released;
    private StorageMemoryManager? _memory;

    protected BufferStorage(byte* pointer, long length)
    {
        Pointer = pointer;
        Length = length;
    }

    /// <summary>The first byte.</summary>
    public byte* Pointer { get; }

    /// <summary>Bytes held.</summary>
    public long Length { get; }

    /// <summary>The kind actually used.</summary>
    public abstract StorageKind Kind { get; }

    /// <summary>Whether <see cref="Release"/> has run.</summary>
    public bool IsReleased => Volatile.Read(ref _released) != 0;

    /// <summary>A span over <paramref name="length"/> bytes from <paramref name="offset"/>; the caller checked the bounds.</summary>
    public Span<byte> Span(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(IsReleased, this);
        return new Span<byte>(Pointer + offset, length);
    }

    /// <summary>A <see cref="Memory{T}"/> over the same bytes, backed by one shared manager.</summary>
    public Memory<byte> Memory(long offset, int length)
    {
        ObjectDisposedException.ThrowIf(IsReleased, this);
        _memory ??= new StorageMemoryManager(Pointer, (int)Math.Min(Length, int.MaxValue), null);
        return _memory.Memory.Slice((int)offset, length);
    }

    /// <summary>Copies the first <paramref name="length"/> bytes into <paramref name="target"/> (any length, beyond what a span holds).</summary>
    public void CopyTo(BufferStorage target, long length)
    {
        ArgumentNullException.ThrowIfNull(target);
        Buffer.MemoryCopy(Pointer, target.Pointer, target.Length, length);
    }

    /// <summary>
    /// Maps the same bytes a second time (what <c>mmap</c> of a dma-buf gives a process): a real
    /// second mapping of the shared file for a <c>memfd</c>, the same memory otherwise.
    /// </summary>
    public abstract byte* MapAlias();

    /// <summary>Undoes <see cref="MapAlias"/>.</summary>
    public abstract void UnmapAlias(byte* alias);

    /// <summary>Frees the bytes; later calls do nothing.</summary>
    public void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            Free();
        }
    }

    protected abstract void Free();
}
