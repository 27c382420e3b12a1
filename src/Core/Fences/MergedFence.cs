using System.Globalization;
using System.Text;

namespace PluggableDmaBuf.Core.Fences;

/// <summary>
/// A fence that signals when all of its parts have (Linux <c>dma_fence_array</c>, what a merged
/// <c>sync_file</c> holds). It has a context of its own and sequence number 1, and carries the first
/// error a part signals with. Made by <see cref="FenceMerger"/>, which flattens nested merges.
/// </summary>
internal sealed class MergedFence : DmaFence
{
    private const int NameParts = 4;
    private static readonly FenceCallback s_onPartSignaled = static (part, state) => ((MergedFence)state!).OnPartSignaled(part);

    private readonly IDmaFence[] _parts;
    private int _remaining;
    private Exception? _firstError;
    private string? _name;

    private MergedFence(IDmaFence[] parts)
        : base(new Lock(), FenceContexts.Allocate(), 1)
    {
        _parts = parts;
    }

    /// <summary>The parts, flat (none is itself a merged fence).</summary>
    public ReadOnlySpan<IDmaFence> Parts => _parts;

    public override string TimelineName => _name ??= BuildName();

    /// <summary>Creates the fence and subscribes to its parts; it may already have signalled on return.</summary>
    /// <param name="parts">At least two fences, none merged; owned by the new fence.</param>
    public static MergedFence Create(IDmaFence[] parts)
    {
        var merged = new MergedFence(parts);

        // Errors known now are the first ones, in the order given; errors still to come follow
        // in the order they happen.
        foreach (var part in parts)
        {
            if (part.Error is { } error)
            {
                merged._firstError = error;
                break;
            }
        }

        // One count more than the parts, released last, so that parts signalling while we
        // subscribe cannot signal the merge before every part is counted.
        merged._remaining = parts.Length + 1;
        foreach (var part in parts)
        {
            if (!part.TryAddCallback(s_onPartSignaled, merged))
            {
                merged.OnPartSignaled(part);
            }
        }

        merged.OnPartSignaled(null);
        return merged;
    }

    private void OnPartSignaled(IDmaFence? part)
    {
        if (part?.Error is { } error)
        {
            Interlocked.CompareExchange(ref _firstError, error, null);
        }

        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            SignalAndRun(Volatile.Read(ref _firstError));
        }
    }

    internal override IDmaFence FindPending()
    {
        foreach (var part in _parts)
        {
            if (!part.IsSignaled)
            {
                return part;
            }
        }

        return this;
    }

    private string BuildName()
    {
        var text = new StringBuilder("merge[");
        for (var i = 0; i < _parts.Length && i < NameParts; i++)
        {
            text.Append(i == 0 ? string.Empty : ", ")
                .Append(CultureInfo.InvariantCulture, $"{_parts[i].TimelineName}#{_parts[i].SequenceNumber}");
        }

        if (_parts.Length > NameParts)
        {
            text.Append(CultureInfo.InvariantCulture, $", +{_parts.Length - NameParts} more");
        }

        return text.Append(']').ToString();
    }
}
