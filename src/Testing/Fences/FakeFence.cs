namespace PluggableDmaBuf.Testing.Fences;

/// <summary>
/// A software fence: pending until its timeline signals it, exactly once. Waiters block on the
/// fence's monitor; callbacks run on the signalling thread after the monitor is released.
/// </summary>
internal sealed class FakeFence : IDmaFence
{
    private static readonly FenceCallback s_complete = static (_, s) => ((TaskCompletionSource)s!).TrySetResult();
    private readonly object _gate = new();
    private readonly FakeFenceTimeline _timeline;
    private List<(FenceCallback Callback, object? State)>? _callbacks;
    private volatile bool _signaled;
    private Exception? _error;

    public FakeFence(FakeFenceTimeline timeline, ulong sequenceNumber, IReadOnlyList<IDmaFence>? components = null)
    {
        _timeline = timeline;
        SequenceNumber = sequenceNumber;
        Components = components;
    }

    public FakeFenceTimeline Timeline => _timeline;

    /// <summary>For a merged fence, the fences it stands for (merges of merges are flattened).</summary>
    public IReadOnlyList<IDmaFence>? Components { get; }

    public string TimelineName => _timeline.Name;

    public ulong Context => _timeline.Context;

    public ulong SequenceNumber { get; }

    public bool IsSignaled => _signaled;

    public Exception? Error
    {
        get
        {
            lock (_gate)
            {
                return _error;
            }
        }
    }

    public bool TryAddCallback(FenceCallback callback, object? state = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
        {
            if (_signaled)
            {
                return false;
            }

            (_callbacks ??= []).Add((callback, state));
            return true;
        }
    }

    public bool RemoveCallback(FenceCallback callback, object? state = null)
    {
        ArgumentNullException.ThrowIfNull(callback);
        lock (_gate)
        {
            var index = _callbacks?.FindIndex(c => c.Callback == callback && Equals(c.State, state)) ?? -1;
            if (index < 0)
            {
                return false;
            }

            _callbacks!.RemoveAt(index);
            return true;
        }
    }

    public bool TryWait(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (_signaled)
        {
            return true;
        }

        var limit = timeout ?? FenceTimeouts.Default;
        var infinite = limit == Timeout.InfiniteTimeSpan;
        var deadline = DateTime.UtcNow + (infinite ? TimeSpan.Zero : limit);
        using var wake = cancellationToken.CanBeCanceled ? cancellationToken.UnsafeRegister(static s => ((FakeFence)s!).PulseAll(), this) : default;
        lock (_gate)
        {
            while (!_signaled)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (infinite)
                {
                    Monitor.Wait(_gate);
                    continue;
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return false;
                }

                Monitor.Wait(_gate, left);
            }
        }

        return true;
    }

    public void Wait(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (!TryWait(timeout, cancellationToken))
        {
            throw new FenceTimeoutException(this, this, timeout ?? FenceTimeouts.Default);
        }

        if (Error is { } error)
        {
            throw new FenceErrorException(this, error);
        }
    }

    public async ValueTask<bool> TryWaitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (_signaled)
        {
            return true;
        }

        var done = new TaskCompletionSource();
        if (!TryAddCallback(s_complete, done))
        {
            return true;
        }

        var limit = timeout ?? FenceTimeouts.Default;
        try
        {
            await done.Task.WaitAsync(limit, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return _signaled;
        }
        finally
        {
            // A wait that timed out or was cancelled leaves no callback behind.
            RemoveCallback(s_complete, done);
        }
    }

    public async ValueTask WaitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (!await TryWaitAsync(timeout, cancellationToken).ConfigureAwait(false))
        {
            throw new FenceTimeoutException(this, this, timeout ?? FenceTimeouts.Default);
        }

        if (Error is { } error)
        {
            throw new FenceErrorException(this, error);
        }
    }

    /// <summary>Signals the fence; the callbacks it had run here, after the lock. Returns false when it had signalled already.</summary>
    internal bool SignalCore(Exception? error, List<Exception> callbackErrors)
    {
        List<(FenceCallback Callback, object? State)>? callbacks;
        lock (_gate)
        {
            if (_signaled)
            {
                return false;
            }

            _error = error;
            _signaled = true;
            callbacks = _callbacks;
            _callbacks = null;
            Monitor.PulseAll(_gate);
        }

        foreach (var (callback, state) in callbacks ?? [])
        {
            try
            {
                callback(this, state);
            }
            catch (Exception e)
            {
                callbackErrors.Add(e);
            }
        }

        return true;
    }

    public override string ToString() => $"{TimelineName}#{SequenceNumber}";

    private void PulseAll()
    {
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }
}
