namespace PluggableDmaBuf.Testing.Buffers;

/// <summary>A CPU access scope of a <see cref="FakeDmaBuf"/>: spans only while active, a reference held until the end.</summary>
internal sealed class FakeCpuAccess(FakeDmaBuf buffer, CpuAccessMode mode, bool strict) : IDmaBufCpuAccess
{
    private int _ended;

    public IDmaBuf Buffer => buffer;

    public CpuAccessMode Mode { get; } = mode;

    public bool IsActive => Volatile.Read(ref _ended) == 0;

    public Span<byte> Span
    {
        get
        {
            if (strict && (Mode & CpuAccessMode.Write) == 0)
            {
                throw new CpuAccessException($"CPU access to buffer {buffer.Id} ({buffer.Name}) began for reading only: ask ReadOnlySpan, or begin for writing");
            }

            return GetSpan(0, WholeLength());
        }
    }

    public ReadOnlySpan<byte> ReadOnlySpan => GetSpan(0, WholeLength());

    public Memory<byte> Memory => GetMemory(0, WholeLength());

    public Span<byte> GetSpan(long offset, int length)
    {
        Check(offset, length);
        return buffer.Bytes(offset, length);
    }

    public Memory<byte> GetMemory(long offset, int length)
    {
        Check(offset, length);
        return strict
            ? new CheckedMemory(buffer.Storage, (int)offset, length, () => IsActive, $"CPU access to buffer {buffer.Id} ({buffer.Name})").Memory
            : buffer.Storage.AsMemory((int)offset, length);
    }

    public void End()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            throw new CpuAccessException($"CPU access to buffer {buffer.Id} ({buffer.Name}) already ended");
        }

        buffer.EndCpuAccess(Mode);
    }

    public void Dispose()
    {
        if (IsActive)
        {
            End();
        }
    }

    private int WholeLength() => buffer.Size > int.MaxValue
        ? throw new CpuAccessException($"buffer {buffer.Id} holds {buffer.Size} bytes, more than one span can: use GetSpan piecewise")
        : (int)buffer.Size;

    private void Check(long offset, int length)
    {
        if (!IsActive)
        {
            throw new CpuAccessException($"CPU access to buffer {buffer.Id} ({buffer.Name}) ended: begin a new one to touch its bytes");
        }

        buffer.CheckView(offset, length);
        buffer.Touched("a CPU access");
    }
}
