namespace PluggableDmaBuf;

/// <summary>How a heap hands out pages.</summary>
public enum HeapKind
{
    /// <summary>Single pages from anywhere in the heap: a buffer of <c>n</c> pages is guaranteed only <c>n</c> segments of 4096 bytes.</summary>
    Scattered,

    /// <summary>Physically contiguous blocks (buddy allocated): one segment per buffer.</summary>
    Contiguous,
}
