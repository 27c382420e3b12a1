namespace PluggableDmaBuf;

/// <summary>
/// A point on a timeline that some work reaches when it completes (Linux <c>struct dma_fence</c>).
/// A plugin gets fences from an <see cref="IFenceTimeline"/> it owns and signals them there; anyone
/// holding a fence may wait for it or ask to be called back.
/// </summary>
/// <remarks>
/// <para>Lifecycle: created pending; signalled exactly once, by its timeline, optionally with an error;
/// never reset. Fences of one timeline signal in sequence order: when a fence reads as signalled,
/// every earlier fence of its timeline does too.</para>
/// <para>Errors: <see cref="Wait"/> and <see cref="WaitAsync"/> throw a
/// <see cref="FenceErrorException"/> when the fence was signalled with an error, the way awaiting a
/// faulted task throws; <see cref="TryWait"/> and <see cref="TryWaitAsync"/> do not, and leave the
/// error in <see cref="Error"/>.</para>
/// <para>Waits never hang by default: a <c>null</c> timeout means <see cref="FenceTimeouts.Default"/>.
/// Waiting for a fence that is already signalled does not block or allocate.</para>
/// <para>Async waiters are resumed on the thread that signals the fence, after the framework released
/// its locks, not through the thread pool: wake-up costs no thread hop. Code after an <c>await</c>
/// that must not run on the signaller's thread should <c>await Task.Yield()</c> first.</para>
/// <para>Threading: every member is thread safe. Fences are made by the framework; plugins do not
/// implement this interface.</para>
/// </remarks>
public interface IDmaFence
{
    /// <summary>The name of the fence's timeline, chosen by the plugin that owns it (e.g. <c>gpu0.convert</c>); stall reports quote it.</summary>
    string TimelineName { get; }

    /// <summary>The timeline's context id, unique in the process (Linux <c>fence-&gt;context</c>).</summary>
    ulong Context { get; }

    /// <summary>The fence's position on its timeline, from 1 (Linux <c>fence-&gt;seqno</c>).</summary>
    ulong SequenceNumber { get; }

    /// <summary>Whether the fence has signalled. Once <c>true</c>, stays <c>true</c>, and <see cref="Error"/> is final.</summary>
    bool IsSignaled { get; }

    /// <summary>The error the fence was signalled with; <c>null</c> while pending or when the work succeeded.</summary>
    Exception? Error { get; }

    /// <summary>
    /// Asks for <paramref name="callback"/> to run once, when the fence signals. Refused (returns
    /// <c>false</c>, and the callback never runs) when the fence has already signalled, as Linux's
    /// <c>dma_fence_add_callback</c> refuses with <c>-ENOENT</c>: the caller then knows the fence is
    /// done and goes on by itself, on its own thread and under its own locks, with no surprise
    /// re-entrance.
    /// </summary>
    /// <param name="callback">Runs exactly once on the signalling thread, outside the framework's locks.</param>
    /// <param name="state">Passed to the callback.</param>
    /// <returns><c>true</c> when the callback will run; <c>false</c> when the fence has already signalled.</returns>
    bool TryAddCallback(FenceCallback callback, object? state = null);

    /// <summary>Withdraws a callback added with the same delegate and state (the oldest such registration).</summary>
    /// <param name="callback">The delegate given to <see cref="TryAddCallback"/>.</param>
    /// <param name="state">The state given with it.</param>
    /// <returns><c>true</c> when the callback was withdrawn and will not run; <c>false</c> when it was not found: it has run, is running, or was never added.</returns>
    bool RemoveCallback(FenceCallback callback, object? state = null);

    /// <summary>Blocks until the fence signals or the time runs out. Does not throw for the fence's error.</summary>
    /// <param name="timeout">How long to wait; <c>null</c> for <see cref="FenceTimeouts.Default"/>; <see cref="Timeout.InfiniteTimeSpan"/> for ever.</param>
    /// <param name="cancellationToken">Ends the wait early with an <see cref="OperationCanceledException"/>.</param>
    /// <returns><c>true</c> when signalled (look at <see cref="Error"/>); <c>false</c> when the time ran out.</returns>
    bool TryWait(TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Blocks until the fence signals.</summary>
    /// <param name="timeout">How long to wait; <c>null</c> for <see cref="FenceTimeouts.Default"/>; <see cref="Timeout.InfiniteTimeSpan"/> for ever.</param>
    /// <param name="cancellationToken">Ends the wait early with an <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="FenceTimeoutException">The time ran out; names the fence, its timeline and how long the wait lasted.</exception>
    /// <exception cref="FenceErrorException">The fence was signalled with an error.</exception>
    void Wait(TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Waits asynchronously until the fence signals or the time runs out. Does not throw for the fence's error.</summary>
    /// <param name="timeout">How long to wait; <c>null</c> for <see cref="FenceTimeouts.Default"/>; <see cref="Timeout.InfiniteTimeSpan"/> for ever.</param>
    /// <param name="cancellationToken">Ends the wait early with an <see cref="OperationCanceledException"/>.</param>
    /// <returns><c>true</c> when signalled; <c>false</c> when the time ran out. Await it once.</returns>
    ValueTask<bool> TryWaitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Waits asynchronously until the fence signals.</summary>
    /// <param name="timeout">How long to wait; <c>null</c> for <see cref="FenceTimeouts.Default"/>; <see cref="Timeout.InfiniteTimeSpan"/> for ever.</param>
    /// <param name="cancellationToken">Ends the wait early with an <see cref="OperationCanceledException"/>.</param>
    /// <returns>A task to await once; it faults with <see cref="FenceTimeoutException"/> or <see cref="FenceErrorException"/> as <see cref="Wait"/> throws.</returns>
    ValueTask WaitAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default);
}
