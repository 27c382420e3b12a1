namespace PluggableDmaBuf.Core.Fences;

/// <summary>
/// A software timeline (Linux <c>sw_sync</c>): hands out fences with consecutive sequence numbers
/// and signals them in order. The pending fences wait in a queue; signalling a fence dequeues and
/// flips every earlier one first, all under one lock, so no thread can observe a fence signalled
/// while an earlier one is not. Their waiters then run on the signalling thread, in sequence order,
/// after the lock is released. Public for owners that recycle their fences (<see cref="Rearm"/>);
/// everyone else gets timelines from <see cref="IFenceService.CreateTimeline"/>.
/// </summary>
public sealed class FenceTimeline : IFenceTimeline
{
    private readonly Lock _lock = new();
    private readonly Queue<TimelineFence> _pending = new();
    private ulong _lastIssued;
    private ulong _signaled;

    public FenceTimeline(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Context = FenceContexts.Allocate();
    }

    public string Name { get; }

    public ulong Context { get; }

    public ulong LastIssued => Volatile.Read(ref _lastIssued);

    public ulong Signaled => Volatile.Read(ref _signaled);

    public IDmaFence CreateFence()
    {
        lock (_lock)
        {
            var fence = new TimelineFence(this, _lock, _lastIssued + 1);
            _pending.Enqueue(fence);
            Volatile.Write(ref _lastIssued, fence.SequenceNumber);
            return fence;
        }
    }

    /// <summary>
    /// Hands out <paramref name="fence"/> again as this timeline's next fence, pending, instead of a
    /// new object: how an owner that holds one fence per resource (a pipeline link: one per buffer
    /// and holder) runs without allocating per frame. The fence must be this timeline's, signalled,
    /// its waiters all run, and the caller must know that no reservation or other holder still refers
    /// to it (a reservation drops signalled fences on its next add, query or wait).
    /// </summary>
    /// <param name="fence">A signalled fence of this timeline.</param>
    /// <exception cref="ArgumentException">The fence belongs to another timeline.</exception>
    /// <exception cref="InvalidOperationException">The fence is still pending, or its waiters have not all run.</exception>
    public void Rearm(IDmaFence fence)
    {
        ArgumentNullException.ThrowIfNull(fence);
        if (fence is not TimelineFence own || own.Timeline != this)
        {
            FenceThrowHelper.ThrowForeignFence(fence, this);
            return;
        }

        lock (_lock)
        {
            if (!own.IsSettledLocked)
            {
                throw new InvalidOperationException($"fence {own} cannot be re-armed: it is still pending or its waiters are running");
            }

            var sequenceNumber = _lastIssued + 1;
            own.RearmLocked(sequenceNumber);
            _pending.Enqueue(own);
            Volatile.Write(ref _lastIssued, sequenceNumber);
        }
    }

    public bool Signal(IDmaFence fence, Exception? error = null)
    {
        ArgumentNullException.ThrowIfNull(fence);
        if (fence is not TimelineFence own || own.Timeline != this)
        {
            FenceThrowHelper.ThrowForeignFence(fence, this);
            return false;
        }

        DmaFence? first;
        lock (_lock)
        {
            if (own.IsSignaled)
            {
                return false;
            }

            first = SignalThroughLocked(own.SequenceNumber, own, error);
        }

        RunSignaled(first);
        return true;
    }

    public void Advance(ulong count = 1)
    {
        DmaFence? first;
        lock (_lock)
        {
            var target = _signaled + count;
            if (count == 0 || target < count || target > _lastIssued)
            {
                var room = _lastIssued - _signaled;
                throw new ArgumentOutOfRangeException(nameof(count), count, room == 0
                    ? $"Timeline '{Name}' is at {_signaled} with no fence pending: create a fence before advancing."
                    : $"Timeline '{Name}' is at {_signaled} and has issued fences up to {_lastIssued}: it can advance by 1 to {room}.");
            }

            first = SignalThroughLocked(target, null, null);
        }

        RunSignaled(first);
    }

    /// <summary>Flips every pending fence up to <paramref name="sequenceNumber"/>, in order, and chains them for <see cref="RunSignaled"/>.</summary>
    private DmaFence? SignalThroughLocked(ulong sequenceNumber, TimelineFence? failing, Exception? error)
    {
        DmaFence? first = null;
        DmaFence? last = null;
        while (_pending.TryPeek(out var next) && next.SequenceNumber <= sequenceNumber)
        {
            _pending.Dequeue();
            next.SignalLocked(ReferenceEquals(next, failing) ? error : null);
            next.NextSignaled = null;
            if (last is null)
            {
                first = next;
            }
            else
            {
                last.NextSignaled = next;
            }

            last = next;
        }

        Volatile.Write(ref _signaled, sequenceNumber);
        return first;
    }

    private static void RunSignaled(DmaFence? first)
    {
        List<Exception>? exceptions = null;
        for (var fence = first; fence is not null;)
        {
            var next = fence.NextSignaled;
            fence.NextSignaled = null;
            fence.RunSignaled(ref exceptions);
            fence = next;
        }

        DmaFence.ThrowIfCallbacksFailed(exceptions);
    }

    public override string ToString() => $"timeline '{Name}' (context {Context}, signalled {Signaled} of {LastIssued})";
}
