namespace PluggableDmaBuf.Testing.Fences;

/// <summary>
/// An in-memory <see cref="IFenceService"/>: software timelines advanced by hand, and merged fences
/// that signal when all their parts have, with the first error any part signals with.
/// </summary>
/// <remarks>
/// Use it wherever a plugin resolves an <see cref="IFenceService"/>; <see cref="Testing.Buffers.FakeDmaBufFactory"/>
/// owns one for its buffers' reservations. Thread safe.
/// </remarks>
public sealed class FakeFenceService : IFenceService
{
    private readonly FakeFenceTimeline _merges = new("merge");

    /// <summary>Creates the service, with its already-signalled fence.</summary>
    public FakeFenceService()
    {
        var timeline = new FakeFenceTimeline("signaled");
        SignaledFence = timeline.CreateFence();
        timeline.Signal(SignaledFence);
    }

    /// <inheritdoc />
    public IDmaFence SignaledFence { get; }

    /// <inheritdoc />
    public IFenceTimeline CreateTimeline(string name) => new FakeFenceTimeline(name);

    /// <inheritdoc />
    public IDmaFence Merge(params ReadOnlySpan<IDmaFence> fences)
    {
        var parts = new List<IDmaFence>();
        foreach (var fence in fences)
        {
            ArgumentNullException.ThrowIfNull(fence, nameof(fences));
            foreach (var part in fence is FakeFence { Components: { } components } ? components : [fence])
            {
                if (!(part.IsSignaled && part.Error is null) && !parts.Contains(part))
                {
                    parts.Add(part);
                }
            }
        }

        if (parts.Count == 0)
        {
            return SignaledFence;
        }

        if (parts.Count == 1)
        {
            return parts[0];
        }

        var merged = _merges.CreateFence(parts);
        var state = new MergeState(merged, parts.Count);
        foreach (var part in parts)
        {
            if (!part.TryAddCallback(static (fence, s) => ((MergeState)s!).PartDone(fence), state))
            {
                state.PartDone(part);
            }
        }

        return merged;
    }

    private sealed class MergeState(FakeFence merged, int count)
    {
        private readonly object _gate = new();
        private int _left = count;
        private Exception? _error;

        public void PartDone(IDmaFence part)
        {
            Exception? error;
            lock (_gate)
            {
                _error ??= part.Error;
                if (--_left > 0)
                {
                    return;
                }

                error = _error;
            }

            merged.SignalCore(error, []);
        }
    }
}
