namespace PluggableDmaBuf;

/// <summary>
/// The framework's fence entry point (Linux <c>dma_fence_context_alloc</c>,
/// <c>dma_fence_unwrap_merge</c>, <c>dma_fence_get_stub</c>): create a timeline, hand out its fences,
/// signal them, merge them. Use it instead of implementing <see cref="IDmaFence"/>: its fences signal
/// in order, run callbacks exactly once and honour timeouts and cancellation as every waiter expects.
/// </summary>
/// <remarks>
/// <para>
/// One instance, registered as a singleton by the framework's composition entry
/// (<c>services.AddDmaBufCore()</c>, which the host calls for every command). A plugin takes it as a
/// constructor parameter of the services it registers, or resolves it from the provider given to
/// <see cref="IDmaBufPlugin.StartAsync"/>; it is never <c>null</c> there. A test composes the same way
/// without a host: <c>new ServiceCollection().AddDmaBufCore().BuildServiceProvider().GetRequiredService&lt;IFenceService&gt;()</c>.
/// </para>
/// <para>Thread safe; it holds no per-caller state, and the timelines it creates are independent of one another.</para>
/// </remarks>
/// <example>
/// <code>
/// var timeline = fences.CreateTimeline("probe0.render");
/// var done = timeline.CreateFence();
/// reservation.Add(done, FenceUsage.Write);
/// // … the work completes …
/// timeline.Signal(done);            // or timeline.Signal(done, error) when it failed
/// </code>
/// </example>
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
