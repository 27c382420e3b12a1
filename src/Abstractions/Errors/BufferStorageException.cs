namespace PluggableDmaBuf;

/// <summary>
/// The real bytes of a buffer could not be created: the operating system refused the shared
/// memory file or the native allocation (out of memory, too many open files, a size the system
/// cannot map). The message names the buffer, the size, the call that failed and the system's reason.
/// </summary>
public sealed class BufferStorageException : DmaBufException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, for which buffer and why.</param>
    /// <param name="innerException">The cause, when there is one.</param>
    public BufferStorageException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
