namespace PluggableDmaBuf;

/// <summary>
/// The base of every error the framework raises on purpose. Catch this type to handle all of the
/// framework's domain errors; anything else escaping the framework is a bug.
/// </summary>
/// <remarks>Instances are immutable and may be shared across threads.</remarks>
public abstract class DmaBufException : Exception
{
    /// <summary>Creates the exception with a message that says what failed, where and why.</summary>
    /// <param name="message">One readable line.</param>
    /// <param name="innerException">The cause, when there is one.</param>
    protected DmaBufException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
