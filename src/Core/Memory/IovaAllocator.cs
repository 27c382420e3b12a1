using PluggableDmaBuf.Core.Threading;

namespace PluggableDmaBuf.Core.Memory;

/// <summary>
/// The IO-virtual address space of one IOMMU device: ranges handed out top-down below the device's
/// address limit (as Linux's IOVA allocator does), page 0 never used, so that a scattered placement
/// appears to the device as one contiguous range it can address.
/// </summary>
/// <remarks>
/// Live ranges are kept sorted in two parallel arrays; a device has few mappings alive at once, so
/// a linear top-down scan is cheap, and once the arrays have grown an allocation and a free allocate
/// nothing. Thread safe: one short lock per device.
/// </remarks>
internal sealed class IovaAllocator
{
    private const ulong PageSize = DeviceDescription.PageSize;

    // Bookkeeping only under it, taken on every map and unmap of the device (see ShortLock).
    private ShortLock _lock;
    private ulong[] _starts = new ulong[8];
    private ulong[] _lasts = new ulong[8];
    private int _count;

    /// <summary>Creates the space of <paramref name="device"/>: addresses from 4096 to <paramref name="limit"/>.</summary>
    public IovaAllocator(string device, ulong limit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(device);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 2 * PageSize - 1);
        Device = device;
        Limit = limit;
    }

    /// <summary>The device whose space this is.</summary>
    public string Device { get; }

    /// <summary>The highest address the device can use.</summary>
    public ulong Limit { get; }

    /// <summary>Ranges currently allocated.</summary>
    public int LiveRanges
    {
        get
        {
            using (_lock.EnterScope())
            {
                return _count;
            }
        }
    }

    /// <summary>
    /// Allocates <paramref name="size"/> bytes aligned to <paramref name="alignment"/> (a power of two
    /// of at least a page), as high as possible. Returns <c>false</c> when no gap is large enough.
    /// </summary>
    public bool TryAllocate(long size, long alignment, out ulong address)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        if (alignment < (long)PageSize || (alignment & (alignment - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "must be a power of two of at least a page");
        }

        var length = ((ulong)size + PageSize - 1) & ~(PageSize - 1);
        var mask = (ulong)alignment - 1;
        using (_lock.EnterScope())
        {
            var ceiling = Limit;
            for (var i = _count - 1; i >= -1; i--)
            {
                var floor = i >= 0 ? _lasts[i] + 1 : PageSize;
                if (ceiling >= floor && ceiling - floor >= length - 1)
                {
                    var start = (ceiling - (length - 1)) & ~mask;
                    if (start >= floor)
                    {
                        Insert(i + 1, start, start + length - 1);
                        address = start;
                        return true;
                    }
                }

                if (i >= 0)
                {
                    if (_starts[i] < PageSize + length)
                    {
                        break;
                    }

                    ceiling = _starts[i] - 1;
                }
            }
        }

        address = 0;
        return false;
    }

    /// <summary>Frees the range that starts at <paramref name="address"/>.</summary>
    /// <exception cref="InvalidOperationException">No range starts there.</exception>
    public void Free(ulong address)
    {
        using (_lock.EnterScope())
        {
            // Few ranges are live at once: a scan beats a binary search through a comparer.
            var index = _count - 1;
            while (index >= 0 && _starts[index] > address)
            {
                index--;
            }

            if (index < 0 || _starts[index] != address)
            {
                throw new InvalidOperationException($"{Device}: no IO-virtual range starts at 0x{address:x}");
            }

            var after = _count - index - 1;
            if (after > 0)
            {
                Array.Copy(_starts, index + 1, _starts, index, after);
                Array.Copy(_lasts, index + 1, _lasts, index, after);
            }

            _count--;
        }
    }

    private void Insert(int index, ulong start, ulong last)
    {
        if (_count == _starts.Length)
        {
            Array.Resize(ref _starts, _count * 2);
            Array.Resize(ref _lasts, _count * 2);
        }

        if (index < _count)
        {
            Array.Copy(_starts, index, _starts, index + 1, _count - index);
            Array.Copy(_lasts, index, _lasts, index + 1, _count - index);
        }

        _starts[index] = start;
        _lasts[index] = last;
        _count++;
    }
}
