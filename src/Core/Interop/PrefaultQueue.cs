using System.Collections.Concurrent;

namespace PluggableDmaBuf.Core.Interop;

/// <summary>
/// Makes mappings' pages ready one mapping at a time, in the order they were asked for, on one
/// thread-pool thread at most.
/// </summary>
/// <remarks>
/// One work item per mapping let the thread pool populate all of a pipeline's buffers at once, on every
/// core, while the host was still starting its stages and the first frames needed the same cores; a
/// pipeline's buffers are created in the order its first frames use them, so one at a time in that
/// order makes the first ones ready first and leaves the other core to the pipeline.
/// </remarks>
internal static class PrefaultQueue
{
    private static readonly ConcurrentQueue<MappedMemoryHandle> s_pending = new();

    // 1 while a work item drains the queue.
    private static int s_draining;

    public static void Enqueue(MappedMemoryHandle mapping)
    {
        s_pending.Enqueue(mapping);
        StartDraining();
    }

    private static void StartDraining()
    {
        if (Interlocked.CompareExchange(ref s_draining, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static _ => Drain(), (object?)null, preferLocal: false);
        }
    }

    private static void Drain()
    {
        while (s_pending.TryDequeue(out var mapping))
        {
            mapping.Populate();
        }

        Volatile.Write(ref s_draining, 0);

        // A mapping enqueued after the last TryDequeue and before the flag cleared found a drainer
        // still running; it must not wait for the next one.
        if (!s_pending.IsEmpty)
        {
            StartDraining();
        }
    }
}
