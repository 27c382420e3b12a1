namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>
/// The frames over which the report's <c>allocatedBytesPerFrame</c> is measured: the steady state, from
/// frame <see cref="First"/> (after a warm-up of 10 frames, or half of a shorter run) up to, not
/// including, the run's last frame (where sinks finish the run: a snapshot file, a summary).
/// </summary>
internal readonly record struct AllocationWindow(int First, int End)
{
    public static AllocationWindow For(int frames)
    {
        var first = Math.Min(10, frames / 2);
        return new AllocationWindow(first, Math.Max(first, frames - 1));
    }

    public int Frames => End - First;
}
