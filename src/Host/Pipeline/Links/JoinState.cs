namespace PluggableDmaBuf.Host.Pipeline.Links;

/// <summary>Whether a consumer of a link receives frames.</summary>
internal enum JoinState
{
    /// <summary>A late consumer before its frame: announced to the allocator, not attached.</summary>
    Pending,

    /// <summary>Attached to every buffer of the link; counted as a reader of every frame published.</summary>
    Joined,

    /// <summary>A late consumer whose attach was refused: its branch ends, the run goes on.</summary>
    Refused,
}
