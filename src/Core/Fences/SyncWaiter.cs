using System.Diagnostics;

namespace PluggableDmaBuf.Core.Fences;

/// <summary>
/// A thread blocked in a synchronous wait. It sleeps on its own monitor, so a signal wakes exactly
/// the threads waiting for that fence; the flag checked under the same monitor means a signal that
/// lands between registration and sleep is not lost.
/// </summary>
internal sealed class SyncWaiter : FenceWaiter
{
    private readonly object _gate = new();
    private bool _signaled;
    private bool _canceled;

    public override void OnSignaled(DmaFence fence)
    {
        lock (_gate)
        {
            _signaled = true;
            Monitor.Pulse(_gate);
        }
    }

    public void Cancel()
    {
        lock (_gate)
        {
            _canceled = true;
            Monitor.Pulse(_gate);
        }
    }

    /// <summary>Sleeps until signalled, cancelled, or <paramref name="timeout"/> after <paramref name="start"/>.</summary>
    /// <returns>Whether the fence signalled.</returns>
    public bool Block(TimeSpan timeout, long start)
    {
        lock (_gate)
        {
            while (!_signaled && !_canceled)
            {
                var remaining = FenceTimeout.Remaining(timeout, start);
                if (remaining == 0)
                {
                    break;
                }

                Monitor.Wait(_gate, remaining);
            }

            Debug.Assert(_signaled || _canceled || timeout != Timeout.InfiniteTimeSpan);
            return _signaled;
        }
    }
}
