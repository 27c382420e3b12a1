using System.Diagnostics;
using System.Threading.Tasks.Sources;

namespace PluggableDmaBuf.Core.Fences;

/// <summary>
/// An async wait: a node in the fence's waiter list that is also the source of the
/// <see cref="ValueTask"/> the caller awaits. The first of signal, timeout and cancellation wins;
/// which one is decided under the fence's lock (a timeout or cancellation that cannot withdraw the
/// node lost to the signal).
/// </summary>
/// <remarks>
/// Continuations run synchronously on the thread that completes the wait — the signalling thread,
/// after the fence's lock is released — so wake-up costs no thread-pool hop.
/// </remarks>
internal sealed class AsyncWaiter : FenceWaiter, IValueTaskSource<bool>, IValueTaskSource
{
    private static readonly TimerCallback s_onTimeout = static state => ((AsyncWaiter)state!).OnTimeout();
    private static readonly Action<object?> s_onCanceled = static state => ((AsyncWaiter)state!).OnCanceled();

    private readonly DmaFence _fence;
    private readonly bool _throwing;
    private ManualResetValueTaskSourceCore<bool> _core;
    private long _start;
    private TimeSpan _timeout;
    private int _completed;
    private Timer? _timer;
    private CancellationToken _cancellationToken;
    private CancellationTokenRegistration _registration;

    /// <param name="fence">The fence waited for.</param>
    /// <param name="throwing">Complete with <see cref="FenceTimeoutException"/> / <see cref="FenceErrorException"/> (for <c>WaitAsync</c>) rather than <c>false</c> / <c>true</c> (for <c>TryWaitAsync</c>).</param>
    public AsyncWaiter(DmaFence fence, bool throwing)
    {
        _fence = fence;
        _throwing = throwing;
        _core.RunContinuationsAsynchronously = false;
    }

    /// <summary>Registers the wait.</summary>
    /// <returns><c>false</c> when the fence signalled first: the caller completes synchronously instead.</returns>
    public bool Start(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _start = Stopwatch.GetTimestamp();
        _timeout = timeout;
        _cancellationToken = cancellationToken;
        if (!_fence.TryAddWaiter(this))
        {
            return false;
        }

        if (cancellationToken.CanBeCanceled)
        {
            _registration = cancellationToken.UnsafeRegister(s_onCanceled, this);
        }

        if (timeout != Timeout.InfiniteTimeSpan)
        {
            var timer = new Timer(s_onTimeout, this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Interlocked.Exchange(ref _timer, timer);
            if (Volatile.Read(ref _completed) != 0)
            {
                timer.Dispose();
            }
            else
            {
                timer.Change(timeout, Timeout.InfiniteTimeSpan);
            }
        }

        return true;
    }

    public override void OnSignaled(DmaFence fence)
    {
        if (!TryComplete())
        {
            return;
        }

        if (_throwing && fence.Error is { } error)
        {
            _core.SetException(new FenceErrorException(fence, error));
        }
        else
        {
            _core.SetResult(true);
        }
    }

    private void OnTimeout()
    {
        // The timer runs on a millisecond clock and can fire up to a millisecond or so early: a wait
        // lasts at least its timeout, so an early tick re-arms it for what is left.
        var remaining = _timeout - Stopwatch.GetElapsedTime(_start);
        if (remaining > TimeSpan.Zero && Volatile.Read(ref _completed) == 0 && Rearm(remaining))
        {
            return;
        }

        if (!_fence.RemoveWaiter(this) || !TryComplete())
        {
            return;
        }

        if (_throwing)
        {
            _core.SetException(FenceThrowHelper.TimedOut(_fence, _start));
        }
        else
        {
            _core.SetResult(false);
        }
    }

    /// <returns><c>false</c> when the timer was disposed meanwhile (the wait completed another way).</returns>
    private bool Rearm(TimeSpan remaining)
    {
        try
        {
            return Volatile.Read(ref _timer)?.Change(TimeSpan.FromMilliseconds(Math.Ceiling(remaining.TotalMilliseconds)), Timeout.InfiniteTimeSpan) ?? false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    private void OnCanceled()
    {
        if (_fence.RemoveWaiter(this) && TryComplete())
        {
            _core.SetException(new OperationCanceledException(_cancellationToken));
        }
    }

    private bool TryComplete()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0)
        {
            return false;
        }

        // Stop the timer now rather than in GetResult, so that a wait nobody awaits does not keep it.
        Volatile.Read(ref _timer)?.Dispose();
        return true;
    }

    public bool GetResult(short token)
    {
        try
        {
            return _core.GetResult(token);
        }
        finally
        {
            // Not in TryComplete: the registration is written by Start, which may still be running
            // when an early signal completes the wait; by the time the awaiter asks for the result,
            // Start has returned.
            _registration.Unregister();
        }
    }

    void IValueTaskSource.GetResult(short token) => GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
