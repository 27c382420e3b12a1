using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// One CPU access between begin and end (invariant 10). The storage cannot change while it is
/// active: a migration waits for every CPU user to end.
/// </summary>
internal sealed unsafe class CpuAccess : IDmaBufCpuAccess
{
    private readonly DmaBuf _buffer;
    private readonly BufferStorage _storage;
    private readonly bool _strict;
    private int _ended;
    private StorageMemoryManager? _guarded;

    internal CpuAccess(DmaBuf buffer, BufferStorage storage, CpuAccessMode mode, bool strict)
    {
        _buffer = buffer;
        _storage = storage;
        _strict = strict;
        Mode = mode;
    }

    public IDmaBuf Buffer => _buffer;

    /// <summary>
    /// Begins a CPU access (invariant 10): counts the user (waiting out a migration copy), waits for the
    /// fences the mode must wait for and tells the exporter, all outside the buffer's lock; a failure
    /// gives the user and its reference back.
    /// </summary>
    public static CpuAccess Begin(DmaBuf buffer, CpuAccessMode mode)
    {
        if (mode is not (CpuAccessMode.Read or CpuAccessMode.Write or CpuAccessMode.ReadWrite))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "must be Read, Write or ReadWrite");
        }

        var storage = buffer.EnterCpu("begin CPU access", vmap: false, out _);
        try
        {
            // Reading waits for the writers; writing waits for readers and writers too.
            if ((mode & CpuAccessMode.Write) != 0)
            {
                buffer.Fences.WaitForCpuWrite(buffer.Core.Options.FenceTimeout);
            }
            else
            {
                buffer.Fences.WaitForCpuRead(buffer.Core.Options.FenceTimeout);
            }

            if (buffer.Provides(DmaBufOperations.BeginCpuAccess))
            {
                buffer.Callbacks.BeginCpuAccess(buffer, mode);
            }
        }
        catch
        {
            buffer.LeaveCpu("abandon CPU access");
            throw;
        }

        return new CpuAccess(buffer, storage, mode, buffer.Core.Options.Strict);
    }

    public CpuAccessMode Mode { get; }

    public bool IsActive => Volatile.Read(ref _ended) == 0;

    public Span<byte> Span
    {
        get
        {
            CheckWritable();
            return _storage.Span(0, Whole());
        }
    }

    public ReadOnlySpan<byte> ReadOnlySpan
    {
        get
        {
            CheckActive();
            return _storage.Span(0, Whole());
        }
    }

    public Memory<byte> Memory => GetMemory(0, Whole());

    public Span<byte> GetSpan(long offset, int length)
    {
        CheckWritable();
        CheckBounds(offset, length);
        return _storage.Span(offset, length);
    }

    public Memory<byte> GetMemory(long offset, int length)
    {
        CheckActive();
        CheckBounds(offset, length);
        if (_strict)
        {
            if (offset + length <= int.MaxValue)
            {
                _guarded ??= new StorageMemoryManager(_storage.Pointer, (int)Math.Min(_buffer.Size, int.MaxValue), CheckActive);
                return _guarded.Memory.Slice((int)offset, length);
            }

            return new StorageMemoryManager(_storage.Pointer + offset, length, CheckActive).Memory;
        }

        return offset + length <= int.MaxValue
            ? _storage.Memory(offset, length)
            : new StorageMemoryManager(_storage.Pointer + offset, length, null).Memory;
    }

    public void End()
    {
        if (Interlocked.Exchange(ref _ended, 1) != 0)
        {
            ThrowHelper.Ended(_buffer, "CPU access already ended");
        }

        Finish();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 0)
        {
            Finish();
        }
    }

    private void Finish()
    {
        try
        {
            if (_buffer.Provides(DmaBufOperations.EndCpuAccess))
            {
                _buffer.Callbacks.EndCpuAccess(_buffer, Mode);
            }
        }
        finally
        {
            _buffer.LeaveCpu("end CPU access");
        }
    }

    private void CheckActive()
    {
        if (Volatile.Read(ref _ended) != 0)
        {
            ThrowHelper.Ended(_buffer, $"CPU view used after its {Mode} access ended");
        }
    }

    private void CheckWritable()
    {
        CheckActive();
        if (_strict && (Mode & CpuAccessMode.Write) == 0)
        {
            ThrowHelper.Ended(_buffer, "a writable view was asked of a read-only CPU access (use ReadOnlySpan or begin with Write)");
        }
    }

    private void CheckBounds(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset > _buffer.Size - length)
        {
            ThrowHelper.View(_buffer, offset, length);
        }
    }

    private int Whole()
    {
        CheckActive();
        if (_buffer.Size > int.MaxValue)
        {
            ThrowHelper.Ended(_buffer, $"the buffer ({_buffer.Size} bytes) is larger than one span; use GetSpan");
        }

        return (int)_buffer.Size;
    }
}
