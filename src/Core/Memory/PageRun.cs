namespace PluggableDmaBuf.Core.Memory;

/// <summary>A run of physically contiguous pages in the modelled address space.</summary>
/// <param name="Address">First byte address, page aligned.</param>
/// <param name="Length">Bytes, a positive multiple of the page size.</param>
internal readonly record struct PageRun(ulong Address, long Length)
{
    /// <summary>The last byte address of the run.</summary>
    public ulong Last => Address + (ulong)Length - 1;

    /// <summary>The address one past the run.</summary>
    public ulong End => Address + (ulong)Length;
}
