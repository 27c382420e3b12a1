namespace PluggableDmaBuf;

/// <summary>
/// A media input given by the user (a Y4M file, for example) cannot be used: bad magic, a
/// malformed or unsupported header, a truncated frame, or a size the destination format cannot
/// hold. The host reports it as bad input. The message is one line that names the input and the
/// problem, for example <c>input.y4m: unsupported chroma C444 (only 4:2:0 8-bit: …)</c>.
/// </summary>
/// <remarks>Immutable; may be shared across threads.</remarks>
public sealed class InvalidMediaException : DmaBufException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="media">The input's name as the user gave it (a file name or path).</param>
    /// <param name="reason">What is wrong with it, for example <c>truncated frame 3 (got 100 of 1152 bytes)</c>.</param>
    /// <param name="innerException">The I/O error behind it, when there is one.</param>
    public InvalidMediaException(string media, string reason, Exception? innerException = null)
        : base($"{media}: {reason}", innerException)
    {
        Media = media;
        Reason = reason;
    }

    /// <summary>The input's name as the user gave it.</summary>
    public string Media { get; }

    /// <summary>What is wrong with the input, without its name.</summary>
    public string Reason { get; }
}
