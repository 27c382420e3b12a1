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

    /// <summary>A vmap: the exporter is told on the count's 0→1 (invariant 9), outside the buffer's lock, while other vmaps wait.</summary>
    public static CpuView Vmap(DmaBuf buffer)
    {
        var storage = buffer.EnterCpu("vmap", vmap: true, out var first);
        if (first)
        {
            try
            {
                buffer.Callbacks.Vmap(buffer);
            }
            catch
            {
                buffer.EndVmapTransition(undo: true);
                buffer.LeaveCpu("abandon vmap");
                throw;
            }

            buffer.EndVmapTransition(undo: false);
        }

        return new CpuView(buffer, storage, storage.Pointer, isVmap: true, buffer.Core.Options.Strict);
    }

    /// <summary>An mmap: a second mapping of the storage, after the exporter's Mmap (outside the buffer's lock).</summary>
    public static CpuView Mmap(DmaBuf buffer)
    {
        var storage = buffer.EnterCpu("mmap", vmap: false, out _);
        try
        {
            if (buffer.Provides(DmaBufOperations.Mmap))
            {
                buffer.Callbacks.Mmap(buffer);
            }

            return new CpuView(buffer, storage, storage.MapAlias(), isVmap: false, buffer.Core.Options.Strict);
        }
        catch
        {
            buffer.LeaveCpu("abandon mmap");
            throw;
        }
    }

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
            Unmap();
        }
    }

    /// <summary>Undoes the view: munmap of an mmap; for a vmap the exporter is told on the count's 1→0. Outside the buffer's lock.</summary>
    private void Unmap()
    {
        try
        {
            if (!IsVmap)
            {
                Storage.UnmapAlias(Pointer);
            }
            else if (_buffer.EnterVunmap())
            {
                try
                {
                    _buffer.Callbacks.Vunmap(_buffer);
                }
                finally
                {
                    _buffer.EndVmapTransition(undo: false);
                }
            }
        }
        finally
        {
            _buffer.LeaveCpu(IsVmap ? "vunmap" : "munmap");
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
