namespace PluggableDmaBuf.Testing.Buffers;

/// <summary>A vmap- or mmap-style CPU mapping of a whole <see cref="FakeDmaBuf"/>; disposing unmaps, once.</summary>
internal sealed class FakeView(FakeDmaBuf buffer, bool vmap, bool strict) : IDmaBufView
{
    private int _disposed;

    public IDmaBuf Buffer => buffer;

    public long Length => buffer.Size;

    public bool IsMapped => Volatile.Read(ref _disposed) == 0;

    public Span<byte> Span => GetSpan(0, WholeLength());

    public Memory<byte> Memory
    {
        get
        {
            var length = WholeLength();
            Check(0, length);
            return strict
                ? new CheckedMemory(buffer.Storage, 0, length, () => IsMapped, $"{Kind} view of buffer {buffer.Id} ({buffer.Name})").Memory
                : buffer.Storage.AsMemory(0, length);
        }
    }

    private string Kind => vmap ? "vmap" : "mmap";

    public Span<byte> GetSpan(long offset, int length)
    {
        Check(offset, length);
        return buffer.Bytes(offset, length);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            buffer.Unview(vmap);
        }
    }

    private int WholeLength() => buffer.Size > int.MaxValue
        ? throw new CpuAccessException($"buffer {buffer.Id} holds {buffer.Size} bytes, more than one span can: use GetSpan piecewise")
        : (int)buffer.Size;

    private void Check(long offset, int length)
    {
        if (!IsMapped)
        {
            throw new CpuAccessException($"the {Kind} view of buffer {buffer.Id} ({buffer.Name}) was unmapped");
        }

        buffer.CheckView(offset, length);
        buffer.Touched(vmap ? "a vmap view" : "an mmap view");
    }
}
