namespace PluggableDmaBuf.Core.Fences;

/// <summary>
/// The framework's <see cref="IFenceService"/>. Stateless: timelines are independent and context ids
/// are process-wide, so one instance (<see cref="Instance"/>) serves the host and every plugin;
/// <c>AddDmaBufCore</c> registers it.
/// </summary>
internal sealed class FenceService : IFenceService
{
    public static FenceService Instance { get; } = new();

    public IDmaFence SignaledFence => Fences.SignaledFence.Instance;

    public IFenceTimeline CreateTimeline(string name) => new FenceTimeline(name);

    public IDmaFence Merge(params ReadOnlySpan<IDmaFence> fences) => FenceMerger.Merge(fences);
}
