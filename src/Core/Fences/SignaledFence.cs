namespace PluggableDmaBuf.Core.Fences;

/// <summary>The fence for "nothing to wait for" (Linux <c>dma_fence_get_stub</c>): sequence number 1 of a timeline named <c>stub</c>, signalled without error.</summary>
internal static class SignaledFence
{
    public static IDmaFence Instance { get; } = Create();

    private static IDmaFence Create()
    {
        var timeline = new FenceTimeline("stub");
        var fence = timeline.CreateFence();
        timeline.Signal(fence);
        return fence;
    }
}
