using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace PluggableDmaBuf.Core.Fences;

/// <summary>Turns the <c>TimeSpan? timeout</c> of the public waits into one checked value.</summary>
internal static class FenceTimeout
{
    /// <summary><c>null</c> becomes <see cref="FenceTimeouts.Default"/>; a negative value other than infinite, or one too large for a timer, is refused.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TimeSpan Resolve(TimeSpan? timeout)
    {
        if (timeout is not { } value)
        {
            return FenceTimeouts.Default;
        }

        if ((value < TimeSpan.Zero && value != Timeout.InfiniteTimeSpan) || value.TotalMilliseconds > int.MaxValue)
        {
            FenceThrowHelper.ThrowTimeoutOutOfRange(value);
        }

        return value;
    }

    /// <summary>Milliseconds left of <paramref name="timeout"/> counted from <paramref name="start"/> (a <see cref="Stopwatch"/> timestamp); -1 when infinite.</summary>
    public static int Remaining(TimeSpan timeout, long start)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return Timeout.Infinite;
        }

        var left = timeout - Stopwatch.GetElapsedTime(start);
        return left <= TimeSpan.Zero ? 0 : (int)Math.Ceiling(left.TotalMilliseconds);
    }

    /// <summary>What is left of <paramref name="timeout"/> counted from <paramref name="start"/>; infinite stays infinite.</summary>
    public static TimeSpan RemainingSpan(TimeSpan timeout, long start)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return timeout;
        }

        var left = timeout - Stopwatch.GetElapsedTime(start);
        return left <= TimeSpan.Zero ? TimeSpan.Zero : left;
    }
}
