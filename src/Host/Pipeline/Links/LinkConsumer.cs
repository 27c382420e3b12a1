namespace PluggableDmaBuf.Host.Pipeline.Links;

/// <summary>One consumer's place on a link, guarded by the link's lock.</summary>
internal struct LinkConsumer
{
    public JoinState State;

    /// <summary>The frame a late consumer joins at (its <c>start-at</c>); the link's first frame otherwise.</summary>
    public int JoinAt;

    /// <summary>The next frame the consumer reads.</summary>
    public int NextFrame;

    /// <summary>The slot the consumer holds a read lease on, or -1.</summary>
    public int Holding;
}
