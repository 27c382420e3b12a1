namespace PluggableDmaBuf;

/// <summary>
/// The one place that says how long a fence wait lasts when the caller does not say. A fence that is
/// never signalled is a bug, and it must surface as a <see cref="FenceTimeoutException"/> naming the
/// fence rather than as a hang; every wait taking a <c>TimeSpan? timeout</c> uses
/// <see cref="Default"/> when given <c>null</c>.
/// </summary>
public static class FenceTimeouts
{
    /// <summary>
    /// Ten seconds: far longer than any frame of a pipeline, short enough for a stall to be reported
    /// while someone is still watching. Pass a timeout per call to change it;
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits forever, and only when asked for explicitly.
    /// </summary>
    public static TimeSpan Default { get; } = TimeSpan.FromSeconds(10);
}
