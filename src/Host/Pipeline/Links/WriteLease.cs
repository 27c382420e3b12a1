namespace PluggableDmaBuf.Host.Pipeline.Links;

/// <summary>
/// The producer's hold on one buffer of a link for one frame: published to the consumers, fenced with
/// the producer's write fence and mapped for the producer's device. <see cref="Release"/> unmaps,
/// signals the fence (with the error, if the frame failed) and marks the frame written. A default
/// lease (a sink has no output) releases nothing.
/// </summary>
internal readonly struct WriteLease
{
    private readonly PipelineLink? _link;
    private readonly int _slot;

    public WriteLease(PipelineLink link, int slot, StageBuffer view)
    {
        _link = link;
        _slot = slot;
        View = view;
    }

    public StageBuffer View { get; }

    public void Release(Exception? error) => _link?.ReleaseWrite(_slot, error);

    /// <summary>Releases the frame as written but leaves the write fence pending (a hung device); null for a default lease.</summary>
    public WithheldFence? Withhold() => _link is null ? null : new WithheldFence(_link, _slot, _link.WithholdWrite(_slot));
}
