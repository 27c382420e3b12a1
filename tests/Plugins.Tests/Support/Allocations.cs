namespace PluggableDmaBuf.Plugins.Tests.Support;

/// <summary>
/// Measures what a piece of work allocates once it is warm. The JIT's tier-up of a hot method may
/// allocate on the calling thread once, in the middle of a measurement; so the work runs in several
/// windows and the cleanest counts. A real per-call allocation shows in every window.
/// </summary>
internal static class Allocations
{
    public static long SteadyState(Action<int> work, int warmup = 30, int callsPerWindow = 20, int windows = 5)
    {
        for (var i = 0; i < warmup; i++)
        {
            work(i);
        }

        var least = long.MaxValue;
        for (var window = 0; window < windows && least != 0; window++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < callsPerWindow; i++)
            {
                work(warmup + (window * callsPerWindow) + i);
            }

            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
