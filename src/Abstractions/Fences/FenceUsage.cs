namespace PluggableDmaBuf;

/// <summary>
/// What a fence in a buffer's reservation stands for (Linux <c>enum dma_resv_usage</c>). The levels
/// are ordered <see cref="Kernel"/> &lt; <see cref="Write"/> &lt; <see cref="Read"/> &lt;
/// <see cref="Bookkeep"/>, and a query for one level returns every fence at that level or a lower
/// one: asking for <see cref="Read"/> gives the kernel, write and read fences.
/// </summary>
/// <remarks>
/// A fence added again with a lower (stricter) level moves down to it, so that more waiters wait for
/// it; added again with a higher level it keeps its lower one. A usage is never relaxed while the
/// fence is pending, because that could let a reader past a write still in progress.
/// </remarks>
public enum FenceUsage
{
    /// <summary>Work the framework itself must finish before anyone touches the buffer (a migration, a bounce copy, a clear).</summary>
    Kernel = 0,

    /// <summary>A write in progress (implicit sync): readers and writers wait for it.</summary>
    Write = 1,

    /// <summary>A read in progress (implicit sync): writers wait for it, readers do not.</summary>
    Read = 2,

    /// <summary>Work that nobody implicitly waits for (explicitly synchronised submissions, bookkeeping); only a query for <see cref="Bookkeep"/> returns it.</summary>
    Bookkeep = 3,
}
