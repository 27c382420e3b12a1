namespace PluggableDmaBuf.Host.Pipeline.Links;

/// <summary>A fence a lease was released without signalling (<c>Faults:FenceNeverSignalled</c>): the link, the buffer and the fence, still pending.</summary>
internal readonly record struct WithheldFence(PipelineLink Link, int Slot, IDmaFence Fence);
