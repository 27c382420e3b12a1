namespace PluggableDmaBuf.Core.Fences;

/// <summary>A callback registered with <see cref="IDmaFence.TryAddCallback"/>.</summary>
internal sealed class CallbackWaiter(FenceCallback callback, object? state) : FenceWaiter
{
    public FenceCallback Callback { get; } = callback;

    public object? State { get; } = state;

    public override void OnSignaled(DmaFence fence) => Callback(fence, State);
}
