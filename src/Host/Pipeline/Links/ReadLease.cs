namespace PluggableDmaBuf.Host.Pipeline.Links;

/// <summary>
/// A consumer's hold on one written frame of a link: its read fence is in the buffer's reservation and
/// the buffer is mapped for the consumer's device. <see cref="Release"/> unmaps, signals the read fence
/// and lets the producer have the buffer again once every consumer has released it. A default lease
/// (a source has no input) releases nothing.
/// </summary>
internal readonly struct ReadLease
{
    private readonly PipelineLink? _link;
    private readonly int _consumer;
    private readonly int _slot;

    public ReadLease(PipelineLink link, int consumer, int slot, int frame, StageBuffer view)
    {
        _link = link;
        _consumer = consumer;
        _slot = slot;
        Frame = frame;
        View = view;
    }

    public int Frame { get; }

    public StageBuffer View { get; }

    public void Release(Exception? error) => _link?.ReleaseRead(_consumer, _slot, error);

    /// <summary>Releases the frame but leaves the read fence pending (a hung device); null for a default lease.</summary>
    public WithheldFence? Withhold() => _link is null ? null : new WithheldFence(_link, _slot, _link.WithholdRead(_consumer, _slot));
}
