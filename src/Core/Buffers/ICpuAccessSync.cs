namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// The seam the buffer's reservation (fences, issue 4) plugs into: before CPU access begins the
/// buffer asks it to wait — for the write fences when the CPU reads, for every fence when it writes
/// (design §2 invariant 10). Attached to a buffer with <see cref="DmaBuf.AttachSync"/>.
/// </summary>
internal interface ICpuAccessSync
{
    /// <summary>Blocks until the CPU may access <paramref name="buffer"/> in <paramref name="mode"/>; throws when a wait times out.</summary>
    /// <remarks>Called without the buffer's lock held.</remarks>
    void WaitForCpuAccess(IDmaBuf buffer, CpuAccessMode mode);
}
