namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// The lock of one <see cref="DmaBuf"/> and its one condition: "a transition another thread runs
/// outside the lock has finished". Waiters wait with a deadline; the pulse costs nothing when nobody
/// waits. <see cref="BufferLifecycle"/>, the one class under the lock, is the lock object itself (it
/// is never handed out, so no other code can lock it), which saves a hop on every operation.
/// </summary>
internal abstract class BufferMonitor(TimeSpan timeout)
{
    private int _waiters;

    /// <summary>How long one operation waits in all, from its first wait.</summary>
    public TimeSpan Timeout { get; } = timeout;

    /// <summary>Waits (the lock held) for a pulse; returns <c>false</c>, without waiting, once the operation's <paramref name="deadline"/> (0 before its first wait) has passed.</summary>
    public bool Wait(ref long deadline)
    {
        var now = Environment.TickCount64;
        if (deadline == 0)
        {
            deadline = now + (long)Timeout.TotalMilliseconds;
        }

        if (deadline - now <= 0)
        {
            return false;
        }

        _waiters++;
        try
        {
            Monitor.Wait(this, TimeSpan.FromMilliseconds(deadline - now));
        }
        finally
        {
            _waiters--;
        }

        return true;
    }

    /// <summary>Wakes every waiter (the lock held) after a transition finished.</summary>
    public void Pulse()
    {
        if (_waiters > 0)
        {
            Monitor.PulseAll(this);
        }
    }
}
