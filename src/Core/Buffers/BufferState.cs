namespace PluggableDmaBuf.Core.Buffers;

/// <summary>The counters and flags of one <see cref="DmaBuf"/>, changed only under its lock.</summary>
internal struct BufferState
{
    /// <summary>References held by attachments, CPU users and a running migration (the holders' are counted apart, with atomics); also read without the lock (volatile) for the reference count.</summary>
    public int Held;

    /// <summary>Attachments mapped or being mapped or unmapped: their storage must not move.</summary>
    public int ActiveMappings;

    /// <summary>CPU accesses and views alive: their storage must not move.</summary>
    public int CpuUsers;

    /// <summary>The kernel-style vmap count (invariant 9).</summary>
    public int Vmaps;

    /// <summary>The exporter's <c>Vmap</c> or <c>Vunmap</c> is running (outside the lock); other vmaps and vunmaps wait.</summary>
    public bool VmapBusy;

    /// <summary>Nothing maps or views the buffer: a pending migration may start.</summary>
    public readonly bool Idle => ActiveMappings == 0 && CpuUsers == 0;
}
