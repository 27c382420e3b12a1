namespace PluggableDmaBuf;

/// <summary>
/// A heap has no room for a buffer: too few free pages, or (contiguous heaps) no free block large
/// enough even though enough pages may be free — fragmentation.
/// </summary>
public sealed class HeapExhaustedException : DmaBufException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="heap">The heap's name.</param>
    /// <param name="requested">Bytes asked for.</param>
    /// <param name="free">Bytes free in the heap.</param>
    /// <param name="largestFree">The most one allocation can get.</param>
    public HeapExhaustedException(string heap, long requested, long free, long largestFree)
        : base($"heap {heap} cannot hold {requested} bytes: {free} bytes free, at most {largestFree} bytes in one allocation")
    {
        Heap = heap;
        Requested = requested;
        Free = free;
        LargestFree = largestFree;
    }

    /// <summary>The heap's name.</summary>
    public string Heap { get; }

    /// <summary>Bytes asked for.</summary>
    public long Requested { get; }

    /// <summary>Bytes free.</summary>
    public long Free { get; }

    /// <summary>The most one allocation can get.</summary>
    public long LargestFree { get; }
}
