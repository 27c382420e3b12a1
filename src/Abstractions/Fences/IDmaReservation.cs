namespace PluggableDmaBuf;

/// <summary>
/// The fences of one buffer, each tagged with a <see cref="FenceUsage"/> (Linux <c>struct
/// dma_resv</c>). Every buffer has one. A producer adds its fence before it starts working on the
/// buffer; a consumer waits for the fences its access conflicts with (implicit sync), or exports
/// them as a <see cref="SyncHandle"/> for someone else (explicit sync).
/// </summary>
/// <remarks>
/// <para>Usage rules: a query for a level returns every fence at that level or lower
/// (<see cref="FenceUsage.Kernel"/> &lt; <see cref="FenceUsage.Write"/> &lt; <see cref="FenceUsage.Read"/>
/// &lt; <see cref="FenceUsage.Bookkeep"/>). A fence added again with a lower level moves down to it;
/// with a higher one it keeps its level (a usage is never relaxed). As fences of a timeline signal
/// in order, a fence implies the earlier fences of its timeline: it replaces those held at the same
/// or a higher level, and is not added when the reservation holds it, or a later fence of its
/// timeline, at the same or a lower level. Fences already signalled are pruned in place by every
/// add, query and wait, and a signalled fence is not added.</para>
/// <para>Implicit sync (<see cref="IDmaBuf">lifecycle invariant</see> 10): before reading, wait for the write fences
/// (<see cref="WaitForCpuRead"/>, or <see cref="Wait"/> with <see cref="FenceUsage.Write"/> in a device
/// stage); before writing, wait for the read and write fences (<see cref="WaitForCpuWrite"/>, or
/// <see cref="FenceUsage.Read"/>). A wait covers the fences present when it starts; fences added while
/// it waits belong to later accesses.</para>
/// <para>Errors: reservation waits order accesses and do not report the errors fences were signalled
/// with (as Linux's <c>dma_resv_wait_timeout</c>); an error travels with the fence, to whoever waits on
/// the fence itself or on an exported <see cref="SyncHandle"/>.</para>
/// <para>Threading: every member is thread safe. Adding and querying take a short internal lock;
/// waits block or suspend outside it. Adding, querying and a wait that finds nothing pending
/// allocate nothing.</para>
/// </remarks>
public interface IDmaReservation
{
    /// <summary>Adds a fence at a usage level (Linux <c>dma_resv_add_fence</c>).</summary>
    /// <param name="fence">The fence; ignored when already signalled.</param>
    /// <param name="usage">What the work behind the fence does to the buffer.</param>
    void Add(IDmaFence fence, FenceUsage usage);

    /// <summary>Appends to <paramref name="destination"/> every pending fence at <paramref name="usage"/> or lower.</summary>
    /// <param name="usage">The highest level wanted.</param>
    /// <param name="destination">Receives the fences; not cleared first. Reuse one list to query without allocating. Its <c>Add</c> is called under the reservation's lock: pass a plain collection such as a <see cref="List{T}"/>, not one that calls back into the framework.</param>
    /// <returns>How many fences were appended.</returns>
    int GetFences(FenceUsage usage, ICollection<IDmaFence> destination);

    /// <summary>Whether every fence at <paramref name="usage"/> or lower has signalled (Linux <c>dma_resv_test_signaled</c>).</summary>
    /// <param name="usage">The highest level to look at.</param>
    /// <returns><c>true</c> when a wait for that level would not block.</returns>
    bool IsSignaled(FenceUsage usage);

    /// <summary>Blocks until every fence at <paramref name="usage"/> or lower present now has signalled.</summary>
    /// <param name="usage">The highest level to wait for: <see cref="FenceUsage.Write"/> before reading, <see cref="FenceUsage.Read"/> before writing.</param>
    /// <param name="timeout">The time for the whole wait; <c>null</c> for <see cref="FenceTimeouts.Default"/>.</param>
    /// <param name="cancellationToken">Ends the wait early with an <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="FenceTimeoutException">The time ran out; names the first fence still pending, its timeline and how long the wait lasted.</exception>
    void Wait(FenceUsage usage, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>Waits asynchronously until every fence at <paramref name="usage"/> or lower present now has signalled.</summary>
    /// <param name="usage">The highest level to wait for.</param>
    /// <param name="timeout">The time for the whole wait; <c>null</c> for <see cref="FenceTimeouts.Default"/>.</param>
    /// <param name="cancellationToken">Ends the wait early with an <see cref="OperationCanceledException"/>.</param>
    /// <returns>A task to await once; faults with <see cref="FenceTimeoutException"/> as <see cref="Wait"/> throws. Already completed when nothing is pending.</returns>
    ValueTask WaitAsync(FenceUsage usage, TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>What CPU access begin for reading calls: waits for the kernel and write fences (<see cref="Wait"/> at <see cref="FenceUsage.Write"/>).</summary>
    /// <param name="timeout">The time for the whole wait; <c>null</c> for <see cref="FenceTimeouts.Default"/>.</param>
    /// <param name="cancellationToken">Ends the wait early with an <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="FenceTimeoutException">A writer's fence did not signal in time.</exception>
    void WaitForCpuRead(TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>What CPU access begin for writing calls: waits for the kernel, write and read fences (<see cref="Wait"/> at <see cref="FenceUsage.Read"/>).</summary>
    /// <param name="timeout">The time for the whole wait; <c>null</c> for <see cref="FenceTimeouts.Default"/>.</param>
    /// <param name="cancellationToken">Ends the wait early with an <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="FenceTimeoutException">A reader's or writer's fence did not signal in time.</exception>
    void WaitForCpuWrite(TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>The asynchronous <see cref="WaitForCpuRead"/>.</summary>
    /// <param name="timeout">The time for the whole wait; <c>null</c> for <see cref="FenceTimeouts.Default"/>.</param>
    /// <param name="cancellationToken">Ends the wait early with an <see cref="OperationCanceledException"/>.</param>
    /// <returns>A task to await once.</returns>
    ValueTask WaitForCpuReadAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>The asynchronous <see cref="WaitForCpuWrite"/>.</summary>
    /// <param name="timeout">The time for the whole wait; <c>null</c> for <see cref="FenceTimeouts.Default"/>.</param>
    /// <param name="cancellationToken">Ends the wait early with an <see cref="OperationCanceledException"/>.</param>
    /// <returns>A task to await once.</returns>
    ValueTask WaitForCpuWriteAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes a snapshot of the pending fences at <paramref name="usage"/> or lower as one standalone
    /// handle (Linux <c>DMA_BUF_IOCTL_EXPORT_SYNC_FILE</c>): a merged fence that signals when they all
    /// have, with the first error. Fences added later are not in it.
    /// </summary>
    /// <param name="usage">The highest level to take: <see cref="FenceUsage.Write"/> for "when may I read", <see cref="FenceUsage.Read"/> for "when may I write".</param>
    /// <returns>The handle; its fence has already signalled when nothing was pending.</returns>
    SyncHandle ExportSyncHandle(FenceUsage usage);

    /// <summary>Adds the fence of a handle exported elsewhere (Linux <c>DMA_BUF_IOCTL_IMPORT_SYNC_FILE</c>); the same as <see cref="Add"/> with <c>handle.Fence</c>.</summary>
    /// <param name="handle">The handle.</param>
    /// <param name="usage">What the work behind it does to this buffer.</param>
    void ImportSyncHandle(SyncHandle handle, FenceUsage usage);
}
