namespace PluggableDmaBuf.Core.Accounting;

/// <summary>How full one heap is.</summary>
/// <param name="Heap">The heap's name.</param>
/// <param name="Kind">Scattered or contiguous.</param>
/// <param name="Size">Capacity in bytes.</param>
/// <param name="LiveBuffers">Buffers placed in it now (bounce buffers included).</param>
/// <param name="LiveBytes">Bytes of those buffers.</param>
/// <param name="FreeBytes">Bytes not allocated.</param>
/// <param name="LargestFreeBlock">The most one allocation can get (less than <paramref name="FreeBytes"/> when a contiguous heap is fragmented).</param>
public sealed record HeapUsage(string Heap, HeapKind Kind, long Size, long LiveBuffers, long LiveBytes, long FreeBytes, long LargestFreeBlock);
