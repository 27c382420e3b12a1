namespace PluggableDmaBuf.Testing.Memory;

/// <summary>The address space of one heap: first-fit ranges, so that placements have real, distinct addresses.</summary>
internal sealed class HeapSpace(HeapDescription heap)
{
    private readonly object _gate = new();
    private readonly List<(long Offset, long Length)> _used = [];

    public HeapDescription Heap { get; } = heap;

    public long LargestFree
    {
        get
        {
            lock (_gate)
            {
                if (Heap.Kind is HeapKind.Scattered)
                {
                    return Heap.Size - _used.Sum(r => r.Length);
                }

                long largest = 0, end = 0;
                foreach (var (offset, length) in _used)
                {
                    largest = Math.Max(largest, offset - end);
                    end = offset + length;
                }

                return Math.Max(largest, Heap.Size - end);
            }
        }
    }

    /// <summary>Takes <paramref name="size"/> bytes aligned to <paramref name="alignment"/> below <paramref name="addressLimit"/>; the address, or null.</summary>
    public ulong? TryTake(long size, long alignment, ulong addressLimit)
    {
        lock (_gate)
        {
            long end = 0;
            for (var i = 0; i <= _used.Count; i++)
            {
                var next = i < _used.Count ? _used[i].Offset : Heap.Size;
                var start = (end + alignment - 1) / alignment * alignment;
                if (start + size <= next && Heap.Base + (ulong)(start + size - 1) <= addressLimit)
                {
                    _used.Insert(i, (start, size));
                    return Heap.Base + (ulong)start;
                }

                if (i < _used.Count)
                {
                    end = _used[i].Offset + _used[i].Length;
                }
            }

            return null;
        }
    }

    public void Give(ulong address)
    {
        lock (_gate)
        {
            _used.RemoveAll(r => Heap.Base + (ulong)r.Offset == address);
        }
    }
}
