namespace PluggableDmaBuf;

/// <summary>
/// Runs once when a fence signals (Linux <c>dma_fence_func_t</c>). It runs on the thread that
/// signalled the fence, after the framework released its locks, so it may call back into the
/// framework; it should be short, as the signalling thread is blocked until it returns, and it should
/// not throw (if it does, the fence is signalled all the same, the other callbacks still run, and the
/// signalling call throws an <see cref="AggregateException"/> afterwards).
/// </summary>
/// <param name="fence">The fence that signalled; its <see cref="IDmaFence.Error"/> is final.</param>
/// <param name="state">The state given when the callback was added.</param>
public delegate void FenceCallback(IDmaFence fence, object? state);
