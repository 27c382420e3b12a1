using System.Globalization;

namespace PluggableDmaBuf;

/// <summary>
/// A fence that was waited for was signalled with an error: the work behind it failed, and what it
/// produced must not be used. <see cref="Exception.InnerException"/> is the error its owner gave.
/// </summary>
/// <remarks>Immutable; may be shared across threads.</remarks>
public sealed class FenceErrorException : DmaBufException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="fence">The fence waited for.</param>
    /// <param name="error">The error it was signalled with.</param>
    public FenceErrorException(IDmaFence fence, Exception error)
        : base(Format(fence, error), error)
    {
        Fence = fence;
    }

    /// <summary>The fence that was signalled with an error.</summary>
    public IDmaFence Fence { get; }

    /// <summary>The name of the fence's timeline: the owner of the failed work.</summary>
    public string TimelineName => Fence.TimelineName;

    private static string Format(IDmaFence fence, Exception error)
    {
        ArgumentNullException.ThrowIfNull(fence);
        ArgumentNullException.ThrowIfNull(error);
        return string.Create(CultureInfo.InvariantCulture,
            $"Fence {fence.TimelineName}#{fence.SequenceNumber} (timeline '{fence.TimelineName}', context {fence.Context}) was signalled with an error: {error.Message}");
    }
}
