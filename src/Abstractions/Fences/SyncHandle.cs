namespace PluggableDmaBuf;

/// <summary>
/// A fence exported as a standalone handle, to be passed to someone who does not share the buffer's
/// reservation (Linux <c>sync_file</c>; a later step carries it across processes as a file
/// descriptor). It wraps one fence: a plain fence, or a merge of a reservation's fences taken by
/// <see cref="IDmaReservation.ExportSyncHandle"/>. Import it with
/// <see cref="IDmaReservation.ImportSyncHandle"/> or wait on <see cref="Fence"/> directly.
/// </summary>
/// <remarks>Immutable and thread safe. Holds no resource: nothing to dispose.</remarks>
public sealed class SyncHandle
{
    /// <summary>Wraps a fence, which may come from <see cref="IFenceService.Merge"/>.</summary>
    /// <param name="fence">The fence the handle stands for.</param>
    public SyncHandle(IDmaFence fence)
    {
        ArgumentNullException.ThrowIfNull(fence);
        Fence = fence;
    }

    /// <summary>The fence: signals when all the work the handle stands for is done, with the first error.</summary>
    public IDmaFence Fence { get; }

    /// <summary>Whether the work the handle stands for is done.</summary>
    public bool IsSignaled => Fence.IsSignaled;

    /// <inheritdoc/>
    public override string ToString() => $"sync handle for {Fence}";
}
