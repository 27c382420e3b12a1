namespace PluggableDmaBuf.Core.Fences;

/// <summary>Hands out fence context ids, unique in the process (Linux <c>dma_fence_context_alloc</c>).</summary>
internal static class FenceContexts
{
    private static ulong s_last;

    public static ulong Allocate() => Interlocked.Increment(ref s_last);
}
