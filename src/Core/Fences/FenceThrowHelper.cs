using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace PluggableDmaBuf.Core.Fences;

/// <summary>Keeps the throw sites out of the fence and reservation hot paths so that those stay small enough to inline.</summary>
internal static class FenceThrowHelper
{
    [DoesNotReturn]
    public static void ThrowTimeoutOutOfRange(TimeSpan value) =>
        throw new ArgumentOutOfRangeException("timeout", value,
            string.Create(CultureInfo.InvariantCulture, $"A fence wait takes a timeout of 0 to {int.MaxValue} ms, or Timeout.InfiniteTimeSpan; {value} is neither."));

    [DoesNotReturn]
    public static void ThrowError(IDmaFence fence, Exception error) => throw new FenceErrorException(fence, error);

    [DoesNotReturn]
    public static void ThrowTimedOut(IDmaFence fence, long start) => throw TimedOut(fence, start);

    public static FenceTimeoutException TimedOut(IDmaFence fence, long start) =>
        new(fence, PendingPart(fence), Stopwatch.GetElapsedTime(start));

    /// <summary>The fence that holds a wait up: for a merged fence, the first of its parts still pending.</summary>
    public static IDmaFence PendingPart(IDmaFence fence) => fence is DmaFence own ? own.FindPending() : fence;

    [DoesNotReturn]
    public static void ThrowForeignFence(IDmaFence fence, IFenceTimeline timeline) =>
        throw new ArgumentException(
            $"Fence {fence.TimelineName}#{fence.SequenceNumber} does not belong to timeline '{timeline.Name}' (context {timeline.Context}); only the owner of a fence's timeline signals it.",
            nameof(fence));
}
