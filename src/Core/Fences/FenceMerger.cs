namespace PluggableDmaBuf.Core.Fences;

/// <summary>Merges fences into one (Linux <c>dma_fence_unwrap_merge</c>): flattens merged fences and drops the parts that have already succeeded.</summary>
internal static class FenceMerger
{
    /// <summary>A fence that signals when all of <paramref name="fences"/> have, with the first error.</summary>
    /// <returns><see cref="SignaledFence.Instance"/> when nothing is left to wait for; the only fence left when one is; else a new <see cref="MergedFence"/>.</returns>
    public static IDmaFence Merge(ReadOnlySpan<IDmaFence> fences)
    {
        var parts = new List<IDmaFence>(fences.Length);
        foreach (var fence in fences)
        {
            ArgumentNullException.ThrowIfNull(fence, nameof(fences));
            if (fence is MergedFence merged)
            {
                foreach (var part in merged.Parts)
                {
                    Keep(parts, part);
                }
            }
            else
            {
                Keep(parts, fence);
            }
        }

        return parts.Count switch
        {
            0 => SignaledFence.Instance,
            1 => parts[0],
            _ => MergedFence.Create([.. parts]),
        };
    }

    private static void Keep(List<IDmaFence> parts, IDmaFence fence)
    {
        // A part that failed stays, so that the merge carries its error.
        if (!fence.IsSignaled || fence.Error is not null)
        {
            parts.Add(fence);
        }
    }
}
