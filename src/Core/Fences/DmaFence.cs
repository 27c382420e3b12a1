using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace PluggableDmaBuf.Core.Fences;

/// <summary>
/// The framework's fence: state, error and the list of waiters, shared by timeline fences and merged
/// fences (Linux <c>struct dma_fence</c> with its <c>cb_list</c>).
/// </summary>
/// <remarks>
/// <para>The lock is not the fence's own: timeline fences share their timeline's lock (as Linux
/// fences share the driver's spinlock), which is what lets a timeline flip several fences to
/// signalled in sequence order atomically.</para>
/// <para>Signalling is two-phase. Under the lock the state flips and the waiter list is detached
/// (<see cref="SignalLocked"/>); after the lock is released the signalling thread runs the detached
/// waiters (<see cref="RunSignaled"/>). A waiter added once the state has flipped is refused, so every
/// waiter runs exactly once and none runs under a lock.</para>
/// <para>The signalled state is a volatile flag read without the lock, so waiting for a signalled
/// fence costs one read and allocates nothing.</para>
/// </remarks>
internal abstract class DmaFence : IDmaFence
{
    private readonly Lock _lock;
    private volatile bool _signaled;
    private Exception? _error;
    private FenceWaiter? _head;
    private FenceWaiter? _tail;
    private ulong _sequenceNumber;

    // Set by SignalLocked, consumed by RunSignaled on the signalling thread.
    private FenceWaiter? _detached;

    protected DmaFence(Lock gate, ulong context, ulong sequenceNumber)
    {
        _lock = gate;
        Context = context;
        _sequenceNumber = sequenceNumber;
    }

    public abstract string TimelineName { get; }

    public ulong Context { get; }

    // Changes only when a timeline re-arms the fence, which requires that nobody holds it any more.
    public ulong SequenceNumber => _sequenceNumber;

    public bool IsSignaled => _signaled;

    // _error is written before the volatile flag, so reading the flag first makes it visible.
    public Exception? Error => _signaled ? _error : null;

    /// <summary>Links the fences one signalling call flipped, in sequence order, so that it can run their waiters after the lock.</summary>
    internal DmaFence? NextSignaled { get; set; }

    /// <summary>The fence that is holding up a wait for this one: itself, or for a merged fence the first part still pending.</summary>
    internal virtual IDmaFence FindPending() => this;

    public bool TryAddCallback(FenceCallback callback, object? state = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return !_signaled && TryAddWaiter(new CallbackWaiter(callback, state));
    }

    public bool RemoveCallback(FenceCallback callback, object? state = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_lock)
        {
            if (_signaled)
            {
                return false;
            }

            for (var node = _head; node is not null; node = node.Next)
            {
                if (node is CallbackWaiter registered && registered.Callback == callback && Equals(registered.State, state))
                {
                    Unlink(node);
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Adds a waiter unless the fence has signalled.</summary>
    /// <returns><c>false</c> when the fence has signalled: the waiter will never run.</returns>
    internal bool TryAddWaiter(FenceWaiter waiter)
    {
        lock (_lock)
        {
            if (_signaled)
            {
                return false;
            }

            waiter.Linked = true;
            waiter.Prev = _tail;
            waiter.Next = null;
            if (_tail is null)
            {
                _head = waiter;
            }
            else
            {
                _tail.Next = waiter;
            }

            _tail = waiter;
            return true;
        }
    }

    /// <summary>Withdraws a waiter that gave up (timeout, cancellation).</summary>
    /// <returns><c>true</c> when withdrawn; <c>false</c> when the fence signalled first, so the waiter has run or is about to.</returns>
    internal bool RemoveWaiter(FenceWaiter waiter)
    {
        lock (_lock)
        {
            if (_signaled || !waiter.Linked)
            {
                return false;
            }

            Unlink(waiter);
            return true;
        }
    }

    private void Unlink(FenceWaiter node)
    {
        if (node.Prev is null)
        {
            _head = node.Next;
        }
        else
        {
            node.Prev.Next = node.Next;
        }

        if (node.Next is null)
        {
            _tail = node.Prev;
        }
        else
        {
            node.Next.Prev = node.Prev;
        }

        node.Prev = node.Next = null;
        node.Linked = false;
    }

    /// <summary>Phase one of signalling: flips the state and detaches the waiters. The caller holds the lock.</summary>
    /// <returns><c>false</c> when the fence had already signalled (it keeps its first outcome).</returns>
    internal bool SignalLocked(Exception? error)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        if (_signaled)
        {
            return false;
        }

        _error = error;
        _signaled = true;
        _detached = _head;
        _head = _tail = null;
        return true;
    }

    /// <summary>
    /// Turns a signalled fence back into a pending one with a new sequence number, for an owner that
    /// recycles its fence objects (a pipeline link keeps one per buffer and holder). The caller holds
    /// the lock and guarantees that no reservation, waiter or merged fence still refers to the
    /// fence's previous life; what can be checked here is.
    /// </summary>
    internal void RearmLocked(ulong sequenceNumber)
    {
        Debug.Assert(_lock.IsHeldByCurrentThread);
        Debug.Assert(_signaled && _head is null && _detached is null, "only a signalled fence whose waiters have all run can be re-armed");
        _sequenceNumber = sequenceNumber;
        _error = null;
        _signaled = false;
    }

    /// <summary>Whether the fence has signalled and its waiters have all run (the signalling call has returned).</summary>
    internal bool IsSettledLocked
    {
        get
        {
            Debug.Assert(_lock.IsHeldByCurrentThread);
            return _signaled && _head is null && _detached is null;
        }
    }

    /// <summary>Phase two: runs the waiters <see cref="SignalLocked"/> detached, in the order they were added, outside every lock.</summary>
    /// <param name="exceptions">Collects what callbacks threw; allocated only when one does.</param>
    internal void RunSignaled(ref List<Exception>? exceptions)
    {
        var node = _detached;
        _detached = null;
        while (node is not null)
        {
            var next = node.Next;
            node.Next = node.Prev = null;
            node.Linked = false;
            try
            {
                node.OnSignaled(this);
            }
            catch (Exception exception)
            {
                // A callback that throws must not cost the other waiters their wake-up.
                (exceptions ??= []).Add(exception);
            }

            node = next;
        }
    }

    /// <summary>Signals this fence alone (merged fences): both phases.</summary>
    protected void SignalAndRun(Exception? error)
    {
        bool signaled;
        lock (_lock)
        {
            signaled = SignalLocked(error);
        }

        if (signaled)
        {
            List<Exception>? exceptions = null;
            RunSignaled(ref exceptions);
            ThrowIfCallbacksFailed(exceptions);
        }
    }

    internal static void ThrowIfCallbacksFailed(List<Exception>? exceptions)
    {
        if (exceptions is not null)
        {
            throw new AggregateException("A fence callback threw; the fence is signalled and every other callback ran.", exceptions);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryWait(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = FenceTimeout.Resolve(timeout);
        return _signaled || WaitSlow(limit, cancellationToken, Stopwatch.GetTimestamp());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Wait(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = FenceTimeout.Resolve(timeout);
        if (!_signaled)
        {
            var start = Stopwatch.GetTimestamp();
            if (!WaitSlow(limit, cancellationToken, start))
            {
                FenceThrowHelper.ThrowTimedOut(this, start);
            }
        }

        if (_error is { } error)
        {
            FenceThrowHelper.ThrowError(this, error);
        }
    }

    public ValueTask<bool> TryWaitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = FenceTimeout.Resolve(timeout);
        if (_signaled)
        {
            return new ValueTask<bool>(true);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<bool>(cancellationToken);
        }

        var waiter = new AsyncWaiter(this, throwing: false);
        return waiter.Start(limit, cancellationToken) ? new ValueTask<bool>(waiter, 0) : new ValueTask<bool>(true);
    }

    public ValueTask WaitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var limit = FenceTimeout.Resolve(timeout);
        if (!_signaled)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled(cancellationToken);
            }

            var waiter = new AsyncWaiter(this, throwing: true);
            if (waiter.Start(limit, cancellationToken))
            {
                return new ValueTask(waiter, 0);
            }
        }

        return _error is { } error ? ValueTask.FromException(new FenceErrorException(this, error)) : ValueTask.CompletedTask;
    }

    /// <returns>Whether the fence signalled before the time ran out.</returns>
    private bool WaitSlow(TimeSpan timeout, CancellationToken cancellationToken, long start)
    {
        cancellationToken.ThrowIfCancellationRequested();

        // Work behind a fence often finishes within microseconds; a short spin saves the sleep.
        var spinner = default(SpinWait);
        while (!spinner.NextSpinWillYield)
        {
            spinner.SpinOnce();
            if (_signaled)
            {
                return true;
            }
        }

        if (timeout == TimeSpan.Zero)
        {
            return false;
        }

        var waiter = new SyncWaiter();
        if (!TryAddWaiter(waiter))
        {
            return true;
        }

        bool signaled;
        using (cancellationToken.UnsafeRegister(static state => ((SyncWaiter)state!).Cancel(), waiter))
        {
            signaled = waiter.Block(timeout, start);
        }

        if (signaled || !RemoveWaiter(waiter))
        {
            // Signalled, possibly just as the time ran out: a signal that won the race counts.
            return true;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return false;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{TimelineName}#{SequenceNumber}{(_signaled ? _error is null ? " (signalled)" : " (failed)" : string.Empty)}");
}
