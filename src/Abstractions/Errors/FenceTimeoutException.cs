using System.Globalization;

namespace PluggableDmaBuf;

/// <summary>
/// A wait for a fence ran out of time: the fence was never signalled, which is a bug in whoever owns
/// its timeline (a stall must surface as an error, never as a hang). The message names the fence that is still
/// pending, its timeline — the owner — and how long the wait lasted.
/// </summary>
/// <remarks>Immutable; may be shared across threads.</remarks>
public sealed class FenceTimeoutException : DmaBufException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="fence">The fence (or merged fence) that was waited for.</param>
    /// <param name="pendingFence">The fence that had not signalled when the time ran out: <paramref name="fence"/> itself, or one of the fences a merged fence or a reservation wait was made of.</param>
    /// <param name="waited">How long the wait lasted.</param>
    public FenceTimeoutException(IDmaFence fence, IDmaFence pendingFence, TimeSpan waited)
        : base(Format(fence, pendingFence, waited))
    {
        Fence = fence;
        PendingFence = pendingFence;
        Waited = waited;
    }

    /// <summary>The fence that was waited for.</summary>
    public IDmaFence Fence { get; }

    /// <summary>The fence still pending when the time ran out.</summary>
    public IDmaFence PendingFence { get; }

    /// <summary>The name of <see cref="PendingFence"/>'s timeline: the owner of the stalled work.</summary>
    public string TimelineName => PendingFence.TimelineName;

    /// <summary>How long the wait lasted before giving up.</summary>
    public TimeSpan Waited { get; }

    private static string Format(IDmaFence fence, IDmaFence pendingFence, TimeSpan waited)
    {
        ArgumentNullException.ThrowIfNull(fence);
        ArgumentNullException.ThrowIfNull(pendingFence);
        var pending = string.Create(CultureInfo.InvariantCulture,
            $"fence {pendingFence.TimelineName}#{pendingFence.SequenceNumber} (timeline '{pendingFence.TimelineName}', context {pendingFence.Context})");
        var duration = waited >= TimeSpan.FromSeconds(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{waited.TotalSeconds:0.###} s")
            : string.Create(CultureInfo.InvariantCulture, $"{waited.TotalMilliseconds:0.###} ms");
        return ReferenceEquals(fence, pendingFence)
            ? $"Timed out after {duration} waiting for {pending}: it was never signalled."
            : string.Create(CultureInfo.InvariantCulture,
                $"Timed out after {duration} waiting for fence {fence.TimelineName}#{fence.SequenceNumber}: {pending} was never signalled.");
    }
}
