using System.Buffers;
using System.Diagnostics;
using PluggableDmaBuf.Core.Fences;

namespace PluggableDmaBuf.Core.Reservations;

/// <summary>
/// A buffer's reservation (Linux <c>struct dma_resv</c>): fences with a usage each, in a small array
/// guarded by a lock and pruned in place, so that adding and querying allocate nothing once the
/// array has grown to the buffer's working set (a handful of fences).
/// </summary>
/// <remarks>
/// The buffer core creates one per buffer and calls <see cref="WaitForCpuRead"/> /
/// <see cref="WaitForCpuWrite"/> from CPU access begin. Waits take a snapshot of the pending fences
/// under the lock and wait outside it, so that a producer adding its next fence is never blocked by
/// a waiting consumer.
/// </remarks>
internal sealed class DmaReservation : IDmaReservation
{
    private const int InitialCapacity = 4;

    private readonly Lock _lock = new();
    private Entry[] _entries = new Entry[InitialCapacity];
    private int _count;

    /// <summary>How many fences the reservation holds, signalled ones not yet pruned included (for tests and diagnostics).</summary>
    internal int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>Whether the reservation still refers to <paramref name="fence"/> (signalled or not); an owner that recycles fences checks it.</summary>
    internal bool Holds(IDmaFence fence)
    {
        lock (_lock)
        {
            for (var i = 0; i < _count; i++)
            {
                if (ReferenceEquals(_entries[i].Fence, fence))
                {
                    return true;
                }
            }

            return false;
        }
    }

    public void Add(IDmaFence fence, FenceUsage usage)
    {
        ArgumentNullException.ThrowIfNull(fence);
        CheckUsage(usage);
        if (fence.IsSignaled)
        {
            return;
        }

        lock (_lock)
        {
            // Fences of one timeline signal in order, so a fence implies every earlier fence of its
            // timeline: an entry at the same or a stricter level that is the fence or a later one
            // makes the add a no-op (this is also how a usage is never relaxed), and the fence makes
            // redundant every entry it implies at the same or a laxer level (this is how a usage is
            // made stricter, and how the reservation stays at one fence per producer).
            var entries = _entries;
            for (var i = 0; i < _count; i++)
            {
                var held = entries[i];
                if (held.Usage <= usage && Implies(held.Fence, fence))
                {
                    return;
                }
            }

            var kept = 0;
            for (var i = 0; i < _count; i++)
            {
                var held = entries[i];
                if (!held.Fence.IsSignaled && !(usage <= held.Usage && Implies(fence, held.Fence)))
                {
                    entries[kept++] = held;
                }
            }

            Array.Clear(entries, kept, _count - kept);
            _count = kept;
            if (_count == entries.Length)
            {
                Array.Resize(ref _entries, entries.Length * 2);
            }

            _entries[_count++] = new Entry(fence, usage);
        }
    }

    /// <summary>Whether <paramref name="later"/> signalling means <paramref name="earlier"/> has: the same fence, or a later one of its timeline.</summary>
    private static bool Implies(IDmaFence later, IDmaFence earlier) =>
        ReferenceEquals(later, earlier)
        || (later.Context == earlier.Context && later.SequenceNumber >= earlier.SequenceNumber);

    public int GetFences(FenceUsage usage, ICollection<IDmaFence> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        CheckUsage(usage);
        lock (_lock)
        {
            PruneLocked();
            var added = 0;
            for (var i = 0; i < _count; i++)
            {
                if (_entries[i].Usage <= usage)
                {
                    destination.Add(_entries[i].Fence);
                    added++;
                }
            }

            return added;
        }
    }

    public bool IsSignaled(FenceUsage usage)
    {
        CheckUsage(usage);
        lock (_lock)
        {
            PruneLocked();
            return FirstPendingLocked(usage) < 0;
        }
    }

    public void WaitForCpuRead(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Wait(FenceUsage.Write, timeout, cancellationToken);

    public void WaitForCpuWrite(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Wait(FenceUsage.Read, timeout, cancellationToken);

    public ValueTask WaitForCpuReadAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitAsync(FenceUsage.Write, timeout, cancellationToken);

    public ValueTask WaitForCpuWriteAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        WaitAsync(FenceUsage.Read, timeout, cancellationToken);

    public void Wait(FenceUsage usage, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        CheckUsage(usage);
        var limit = FenceTimeout.Resolve(timeout);
        var pending = Snapshot(usage, out var count);
        if (count == 0)
        {
            return;
        }

        var start = Stopwatch.GetTimestamp();
        try
        {
            for (var i = 0; i < count; i++)
            {
                if (!pending[i].TryWait(FenceTimeout.RemainingSpan(limit, start), cancellationToken))
                {
                    FenceThrowHelper.ThrowTimedOut(pending[i], start);
                }
            }
        }
        finally
        {
            ArrayPool<IDmaFence>.Shared.Return(pending, clearArray: true);
        }
    }

    public ValueTask WaitAsync(FenceUsage usage, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        CheckUsage(usage);
        var limit = FenceTimeout.Resolve(timeout);
        var pending = Snapshot(usage, out var count);
        return count == 0 ? ValueTask.CompletedTask : WaitSlowAsync(pending, count, limit, cancellationToken);
    }

    private static async ValueTask WaitSlowAsync(IDmaFence[] pending, int count, TimeSpan limit, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            for (var i = 0; i < count; i++)
            {
                if (!await pending[i].TryWaitAsync(FenceTimeout.RemainingSpan(limit, start), cancellationToken).ConfigureAwait(false))
                {
                    throw FenceThrowHelper.TimedOut(pending[i], start);
                }
            }
        }
        finally
        {
            ArrayPool<IDmaFence>.Shared.Return(pending, clearArray: true);
        }
    }

    public SyncHandle ExportSyncHandle(FenceUsage usage)
    {
        CheckUsage(usage);
        var pending = Snapshot(usage, out var count);
        if (count == 0)
        {
            return new SyncHandle(SignaledFence.Instance);
        }

        try
        {
            return new SyncHandle(FenceMerger.Merge(pending.AsSpan(0, count)));
        }
        finally
        {
            ArrayPool<IDmaFence>.Shared.Return(pending, clearArray: true);
        }
    }

    public void ImportSyncHandle(SyncHandle handle, FenceUsage usage)
    {
        ArgumentNullException.ThrowIfNull(handle);
        Add(handle.Fence, usage);
    }

    /// <summary>Copies the pending fences at <paramref name="usage"/> or lower into a pooled array, or returns an empty array without allocating when there are none.</summary>
    private IDmaFence[] Snapshot(FenceUsage usage, out int count)
    {
        lock (_lock)
        {
            PruneLocked();
            var first = FirstPendingLocked(usage);
            if (first < 0)
            {
                count = 0;
                return [];
            }

            var pending = ArrayPool<IDmaFence>.Shared.Rent(_count - first);
            count = 0;
            for (var i = first; i < _count; i++)
            {
                if (_entries[i].Usage <= usage)
                {
                    pending[count++] = _entries[i].Fence;
                }
            }

            return pending;
        }
    }

    private int FirstPendingLocked(FenceUsage usage)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_entries[i].Usage <= usage)
            {
                return i;
            }
        }

        return -1;
    }

    private void PruneLocked()
    {
        var kept = 0;
        for (var i = 0; i < _count; i++)
        {
            if (!_entries[i].Fence.IsSignaled)
            {
                _entries[kept++] = _entries[i];
            }
        }

        Array.Clear(_entries, kept, _count - kept);
        _count = kept;
    }

    private static void CheckUsage(FenceUsage usage)
    {
        if ((uint)usage > (uint)FenceUsage.Bookkeep)
        {
            ThrowUsage(usage);
        }
    }

    private static void ThrowUsage(FenceUsage usage) =>
        throw new ArgumentOutOfRangeException(nameof(usage), usage, "A fence usage is Kernel, Write, Read or Bookkeep.");

    private record struct Entry(IDmaFence Fence, FenceUsage Usage);
}
