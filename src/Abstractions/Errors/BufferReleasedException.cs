namespace PluggableDmaBuf;

/// <summary>
/// An operation was asked of a buffer that has been released (its last reference was dropped;
/// <see cref="IDmaBuf">lifecycle invariant</see> 7). Nothing was changed.
/// </summary>
public sealed class BufferReleasedException : DmaBufException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="bufferId">The buffer's id.</param>
    /// <param name="bufferName">The buffer's name.</param>
    /// <param name="operation">What was asked, for example <c>attach gpu0</c>.</param>
    public BufferReleasedException(long bufferId, string bufferName, string operation)
        : base($"buffer #{bufferId} '{bufferName}': cannot {operation}: the buffer has been released")
    {
        BufferId = bufferId;
        Operation = operation;
    }

    /// <summary>The buffer's id.</summary>
    public long BufferId { get; }

    /// <summary>The refused operation.</summary>
    public string Operation { get; }
}
