using PluggableDmaBuf.Core.Threading;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// The lock of one <see cref="DmaBuf"/> and its one condition: "a transition another thread runs
/// outside the lock has finished". The lock is a <see cref="ShortLock"/> (bookkeeping only runs under
/// it); waiters release it and wait, with a deadline, on this object's monitor, which only waiting and
/// waking take — the pulse costs nothing when nobody waits. <see cref="BufferLifecycle"/>, the one class
/// under the lock, is this object itself (never handed out, so no other code can lock it or its monitor).
/// </summary>
internal abstract class BufferMonitor(TimeSpan timeout)
{
    private ShortLock _lock;
    // Both changed only with the lock held; the generation also under the monitor, which waiters re-read it under.
    private int _waiters;
    private int _generation;

    /// <summary>How long one operation waits in all, from its first wait.</summary>
    public TimeSpan Timeout { get; } = timeout;

    /// <summary>Takes the buffer's lock for a <c>using</c> block.</summary>
    public ShortLock.Scope EnterScope() => _lock.EnterScope();

    /// <summary>
    /// Waits (the lock held) for a pulse: releases the lock, waits, takes it again; returns
    /// <c>false</c>, without waiting, once the operation's <paramref name="deadline"/> (0 before its
    /// first wait) has passed.
    /// </summary>
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

        // The generation read under the lock: a pulse after the lock is released changes it, so it is not lost.
        var generation = _generation;
        _waiters++;
        _lock.Exit();
        try
        {
            lock (this)
            {
                while (Volatile.Read(ref _generation) == generation)
                {
                    var left = deadline - Environment.TickCount64;
                    if (left <= 0)
                    {
                        break;
                    }

                    Monitor.Wait(this, TimeSpan.FromMilliseconds(left));
                }
            }
        }
        finally
        {
            _lock.Enter();
            _waiters--;
        }

        return true;
    }

    /// <summary>Wakes every waiter (the lock held) after a transition finished.</summary>
    public void Pulse()
    {
        if (_waiters > 0)
        {
            lock (this)
            {
                _generation++;
                Monitor.PulseAll(this);
            }
        }
    }
}
