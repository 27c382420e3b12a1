namespace PluggableDmaBuf;

/// <summary>
/// The framework's fence entry point for plugins (Linux <c>dma_fence_context_alloc</c>,
/// <c>dma_fence_unwrap_merge</c>, <c>dma_fence_get_stub</c>). The host registers one instance as a
/// singleton; a plugin resolves it from the service provider.
/// </summary>
/// <remarks>Thread safe.</remarks>
public interface IFenceService
{
    /// <summary>A fence that has already signalled without error, for "nothing to wait for".</summary>
    IDmaFence SignaledFence { get; }

    /// <summary>Creates a timeline with a new context id.</summary>
    /// <param name="name">Who owns it, for errors and stall reports (e.g. <c>gpu0.convert</c>); not empty.</param>
    /// <returns>The timeline, with no fence issued yet.</returns>
    IFenceTimeline CreateTimeline(string name);

    /// <summary>
    /// Merges fences into one that signals when all of them have (Linux <c>sync_file</c> merge). Merged
    /// fences given are flattened and fences already signalled without error are dropped. Fences of
    /// one timeline are all kept (not only the latest, as Linux does) so that an earlier one's error
    /// is not lost: the merged fence carries the first error any of them signals with.
    /// </summary>
    /// <param name="fences">The fences; may be empty (the result is <see cref="SignaledFence"/>).</param>
    /// <returns>A fence: the only fence left when one remains, otherwise a new merged fence with a context of its own.</returns>
    IDmaFence Merge(params ReadOnlySpan<IDmaFence> fences);
}
