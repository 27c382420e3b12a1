namespace PluggableDmaBuf.Core.Fences;

/// <summary>
/// One entry in a fence's list of things to do when it signals: a callback, a blocked thread, an
/// async waiter. The list is intrusive (the entry is the node) so that adding a waiter costs one
/// object, and removing one — a timed-out or cancelled wait — is O(1) under the fence's lock.
/// </summary>
internal abstract class FenceWaiter
{
    // Guarded by the owning fence's lock until the fence signals; then read only by the signalling
    // thread, which owns the detached list.
    internal FenceWaiter? Next;
    internal FenceWaiter? Prev;
    internal bool Linked;

    /// <summary>Runs once, on the signalling thread, outside every lock.</summary>
    public abstract void OnSignaled(DmaFence fence);
}
