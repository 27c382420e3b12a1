namespace PluggableDmaBuf.Testing.Fences;

/// <summary>A software timeline (<c>sw_sync</c>): fences handed out in order and signalled in order.</summary>
internal sealed class FakeFenceTimeline : IFenceTimeline
{
    private static long s_contexts;
    private readonly object _gate = new();
    private readonly List<FakeFence> _pending = [];
    private ulong _lastIssued;
    private ulong _signaled;

    public FakeFenceTimeline(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Context = (ulong)Interlocked.Increment(ref s_contexts);
    }

    public string Name { get; }

    public ulong Context { get; }

    public ulong LastIssued
    {
        get
        {
            lock (_gate)
            {
                return _lastIssued;
            }
        }
    }

    public ulong Signaled
    {
        get
        {
            lock (_gate)
            {
                return _signaled;
            }
        }
    }

    public IDmaFence CreateFence() => CreateFence(null);

    internal FakeFence CreateFence(IReadOnlyList<IDmaFence>? components)
    {
        lock (_gate)
        {
            var fence = new FakeFence(this, ++_lastIssued, components);

            // A merged fence signals when its parts do, in any order: the timeline only numbers it.
            if (components is null)
            {
                _pending.Add(fence);
            }

            return fence;
        }
    }

    public bool Signal(IDmaFence fence, Exception? error = null)
    {
        ArgumentNullException.ThrowIfNull(fence);
        if (fence is not FakeFence mine || mine.Timeline != this)
        {
            throw new ArgumentException($"fence {fence} belongs to timeline '{fence.TimelineName}', not to '{Name}'", nameof(fence));
        }

        if (mine.IsSignaled)
        {
            return false;
        }

        return SignalThrough(mine.SequenceNumber, mine, error);
    }

    public void Advance(ulong count = 1)
    {
        ulong target;
        lock (_gate)
        {
            if (count == 0 || _signaled + count > _lastIssued)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count,
                    $"timeline '{Name}' is at {_signaled} with {_lastIssued} issued: it can advance by 1 to {_lastIssued - _signaled}");
            }

            target = _signaled + count;
        }

        SignalThrough(target, null, null);
    }

    private bool SignalThrough(ulong sequence, FakeFence? target, Exception? error)
    {
        FakeFence[] due;
        lock (_gate)
        {
            due = [.. _pending.Where(f => f.SequenceNumber <= sequence)];
            _pending.RemoveAll(f => f.SequenceNumber <= sequence);
            _signaled = Math.Max(_signaled, sequence);
        }

        var errors = new List<Exception>();
        var signalled = false;
        foreach (var fence in due.OrderBy(f => f.SequenceNumber))
        {
            var done = fence.SignalCore(fence == target ? error : null, errors);
            signalled |= fence == target && done;
        }

        if (errors.Count > 0)
        {
            throw new AggregateException($"a callback of timeline '{Name}' threw", errors);
        }

        return target is null || signalled;
    }

    public override string ToString() => Name;
}
