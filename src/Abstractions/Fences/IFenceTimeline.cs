namespace PluggableDmaBuf;

/// <summary>
/// A sequence of fences owned by one producer — a device queue, a pipeline stage, a test (Linux
/// fence context; this is a software timeline advanced by hand like <c>sw_sync</c>, as every device
/// here is modelled). The owner hands out fences in order with <see cref="CreateFence"/> and signals
/// them with <see cref="Signal"/> or <see cref="Advance"/>; signalling a fence signals every earlier
/// pending one first, so fences of a timeline always signal in order.
/// </summary>
/// <remarks>
/// Created by <see cref="IFenceService.CreateTimeline"/>. Thread safe. Keep the timeline to yourself:
/// whoever holds it can signal its fences; share the fences instead. Callbacks and async waiters of
/// the fences signalled run on the thread calling <see cref="Signal"/> or <see cref="Advance"/>, in
/// sequence order, after the timeline's lock is released.
/// </remarks>
public interface IFenceTimeline
{
    /// <summary>The name given at creation; fences quote it in errors and stall reports.</summary>
    string Name { get; }

    /// <summary>The context id every fence of this timeline carries, unique in the process.</summary>
    ulong Context { get; }

    /// <summary>The sequence number of the newest fence handed out; 0 before the first.</summary>
    ulong LastIssued { get; }

    /// <summary>The highest sequence number signalled so far (the <c>sw_sync</c> timeline value); 0 before the first signal.</summary>
    ulong Signaled { get; }

    /// <summary>Hands out the next fence, pending, with sequence number <see cref="LastIssued"/> + 1.</summary>
    /// <returns>The new fence.</returns>
    IDmaFence CreateFence();

    /// <summary>
    /// Signals <paramref name="fence"/>, after signalling without error every earlier fence of this
    /// timeline still pending (a later point being reached means the earlier ones were).
    /// </summary>
    /// <param name="fence">A fence of this timeline.</param>
    /// <param name="error">The error the work failed with, given to <paramref name="fence"/> only; <c>null</c> for success.</param>
    /// <returns><c>true</c> when this call signalled the fence; <c>false</c> when it had already signalled (it keeps its first outcome: a fence signals exactly once).</returns>
    /// <exception cref="ArgumentException">The fence belongs to another timeline.</exception>
    /// <exception cref="AggregateException">A callback threw; every fence is signalled and every other callback ran all the same.</exception>
    bool Signal(IDmaFence fence, Exception? error = null);

    /// <summary>Signals, without error, the next <paramref name="count"/> sequence numbers (<c>sw_sync</c>'s timeline increment).</summary>
    /// <param name="count">How far to move <see cref="Signaled"/>; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is 0, or would move past <see cref="LastIssued"/>.</exception>
    /// <exception cref="AggregateException">A callback threw; every fence is signalled and every other callback ran all the same.</exception>
    void Advance(ulong count = 1);
}
