namespace PluggableDmaBuf;

/// <summary>
/// A lifecycle operation came out of the order of the <see cref="IDmaBuf">buffer lifecycle</see>: a map on a detached attachment, a detach
/// while still mapped, an unmap or end with nothing to undo, a map that waited too long for a
/// migration. The message names the buffer, the device and what is still outstanding. Nothing was changed.
/// </summary>
public sealed class BufferStateException : DmaBufException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What was refused, on which buffer and device, and why.</param>
    public BufferStateException(string message)
        : base(message)
    {
    }
}
