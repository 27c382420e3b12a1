namespace PluggableDmaBuf;

/// <summary>
/// A CPU view was refused: it would reach past the end of the buffer (<see cref="IDmaBuf">lifecycle invariant</see> 8), it was used
/// after its access ended or its mapping was undone (<see cref="IDmaBuf">lifecycle invariant</see> 10), or it asked for writable bytes
/// in a read-only access (strict mode).
/// </summary>
public sealed class CpuAccessException : DmaBufException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused, on which buffer, and why.</param>
    public CpuAccessException(string message)
        : base(message)
    {
    }
}
