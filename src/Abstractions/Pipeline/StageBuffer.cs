namespace PluggableDmaBuf;

/// <summary>
/// A shared buffer as one stage sees it for one frame: the buffer (format, planes) and the stage
/// device's mapping of it. Valid only during <see cref="PipelineStage.ProcessFrame"/>: the host
/// unmaps it afterwards.
/// </summary>
public readonly struct StageBuffer
{
    /// <summary>Creates the view.</summary>
    /// <param name="buffer">The buffer.</param>
    /// <param name="mapping">The stage device's mapping of it.</param>
    public StageBuffer(IDmaBuf buffer, DmaBufMapping mapping)
    {
        Buffer = buffer;
        Mapping = mapping;
    }

    /// <summary>The buffer, or <c>null</c> when the stage has no such side (a source has no input).</summary>
    public IDmaBuf? Buffer { get; }

    /// <summary>The device's mapping, or <c>null</c>.</summary>
    public DmaBufMapping? Mapping { get; }

    /// <summary>Whether this side is absent.</summary>
    public bool IsEmpty => Buffer is null;

    /// <summary>
    /// The bytes of the whole buffer as the device reaches them through its mapping (the bounce
    /// buffer's, for a bounced mapping). The scatter-gather segments must lie end to end in the
    /// process's view of the memory — true of every mapping the framework makes — which is checked.
    /// </summary>
    /// <exception cref="InvalidOperationException">The side is absent or its segments are not contiguous in memory.</exception>
    public Span<byte> GetLinearSpan() =>
        Mapping is null ? throw new InvalidOperationException("this side of the stage has no buffer") : Mapping.Value.GetLinearSpan();
}
