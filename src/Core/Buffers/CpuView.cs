using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>A vmap (the buffer's own mapping, counted) or an mmap (a mapping of its own) of a whole buffer.</summary>
internal sealed unsafe class CpuView : IDmaBufView
{
    private readonly DmaBuf _buffer;
    private readonly bool _strict;
    private int _unmapped;
    private StorageMemoryManager? _memory;

    internal CpuView(DmaBuf buffer, BufferStorage storage, byte* pointer, bool isVmap, bool strict)
    {
        _buffer = buffer;
        Storage = storage;
        Pointer = pointer;
        IsVmap = isVmap;
        _strict = strict;
    }

    public IDmaBuf Buffer => _buffer;

    public long Length => _buffer.Size;

    public bool IsMapped => Volatile.Read(ref _unmapped) == 0;

    internal byte* Pointer { get; }

    /// <summary>The storage the view maps; a migration waits for every view to end, so it cannot change under it.</summary>
    internal BufferStorage Storage { get; }

    internal bool IsVmap { get; }

    public Span<byte> Span => new(Pointer, Whole());

    public Memory<byte> Memory
    {
        get
        {
            var length = Whole();
            _memory ??= new StorageMemoryManager(Pointer, length, _strict ? CheckMapped : null);
            return _memory.Memory;
        }
    }

    public Span<byte> GetSpan(long offset, int length)
    {
        CheckMapped();
        if (offset < 0 || length < 0 || offset > _buffer.Size - length)
        {
            ThrowHelper.View(_buffer, offset, length);
        }

        return new Span<byte>(Pointer + offset, length);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _unmapped, 1) == 0)
        {
            _buffer.ReleaseView(this);
        }
    }

    private void CheckMapped()
    {
        if (Volatile.Read(ref _unmapped) != 0)
        {
            ThrowHelper.Ended(_buffer, $"{(IsVmap ? "vmap" : "mmap")} view used after it was unmapped");
        }
    }

    private int Whole()
    {
        CheckMapped();
        if (_buffer.Size > int.MaxValue)
        {
            ThrowHelper.Ended(_buffer, $"the buffer ({_buffer.Size} bytes) is larger than one span; use GetSpan");
        }

        return (int)_buffer.Size;
    }
}
