namespace PluggableDmaBuf.Testing.Fences;

/// <summary>
/// A buffer's fences with their usages, following the reservation rules: a query for a level returns
/// that level and the stricter ones; a fence implies the earlier fences of its timeline; a usage is
/// never relaxed; signalled fences are pruned.
/// </summary>
internal sealed class FakeReservation(IFenceService fences) : IDmaReservation
{
    private readonly object _gate = new();
    private readonly List<(IDmaFence Fence, FenceUsage Usage)> _entries = [];

    public void Add(IDmaFence fence, FenceUsage usage)
    {
        ArgumentNullException.ThrowIfNull(fence);
        if (fence.IsSignaled)
        {
            return;
        }

        lock (_gate)
        {
            PruneLocked();
            for (var i = 0; i < _entries.Count; i++)
            {
                var (held, heldUsage) = _entries[i];
                if (held.Context != fence.Context)
                {
                    continue;
                }

                if (held.SequenceNumber >= fence.SequenceNumber && heldUsage <= usage)
                {
                    return;
                }
            }

            var lowest = usage;
            for (var i = _entries.Count - 1; i >= 0; i--)
            {
                var (held, heldUsage) = _entries[i];
                if (ReferenceEquals(held, fence))
                {
                    lowest = heldUsage < lowest ? heldUsage : lowest;
                    _entries.RemoveAt(i);
                }
                else if (held.Context == fence.Context && held.SequenceNumber < fence.SequenceNumber && heldUsage >= usage)
                {
                    _entries.RemoveAt(i);
                }
            }

            _entries.Add((fence, lowest));
        }
    }

    public int GetFences(FenceUsage usage, ICollection<IDmaFence> destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        lock (_gate)
        {
            PruneLocked();
            var count = 0;
            foreach (var (fence, level) in _entries)
            {
                if (level <= usage)
                {
                    destination.Add(fence);
                    count++;
                }
            }

            return count;
        }
    }

    public bool IsSignaled(FenceUsage usage)
    {
        lock (_gate)
        {
            PruneLocked();
            return !_entries.Exists(e => e.Usage <= usage);
        }
    }

    public void Wait(FenceUsage usage, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var pending = Snapshot(usage);
        var limit = timeout ?? FenceTimeouts.Default;
        var deadline = DateTime.UtcNow + (limit == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : limit);
        foreach (var fence in pending)
        {
            var left = limit == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : Max(deadline - DateTime.UtcNow, TimeSpan.Zero);
            if (!fence.TryWait(left, cancellationToken))
            {
                throw new FenceTimeoutException(fence, fence, limit);
            }
        }
    }

    public async ValueTask WaitAsync(FenceUsage usage, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var pending = Snapshot(usage);
        var limit = timeout ?? FenceTimeouts.Default;
        var deadline = DateTime.UtcNow + (limit == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : limit);
        foreach (var fence in pending)
        {
            var left = limit == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : Max(deadline - DateTime.UtcNow, TimeSpan.Zero);
            if (!await fence.TryWaitAsync(left, cancellationToken).ConfigureAwait(false))
            {
                throw new FenceTimeoutException(fence, fence, limit);
            }
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

    public SyncHandle ExportSyncHandle(FenceUsage usage) => new(fences.Merge([.. Snapshot(usage)]));

    public void ImportSyncHandle(SyncHandle handle, FenceUsage usage)
    {
        ArgumentNullException.ThrowIfNull(handle);
        Add(handle.Fence, usage);
    }

    private List<IDmaFence> Snapshot(FenceUsage usage)
    {
        var pending = new List<IDmaFence>();
        GetFences(usage, pending);
        return pending;
    }

    private void PruneLocked() => _entries.RemoveAll(e => e.Fence.IsSignaled);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
