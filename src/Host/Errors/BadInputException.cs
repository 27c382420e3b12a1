namespace PluggableDmaBuf.Host.Errors;

/// <summary>
/// A user's input is wrong: a file, a JSON value, an option. <see cref="Exception.Message"/> is the
/// one line printed on stderr, starting with where the mistake is (a JSON path or a file name).
/// Leads to exit code 2 and never to a stack trace. Not sealed: a subtype carries what a caller may
/// need beyond the message (the pipeline description's errors carry their column).
/// </summary>
internal class BadInputException : DmaBufException
{
    public BadInputException(string where, string problem, Exception? innerException = null)
        : base($"{where}: {problem}", innerException)
    {
    }

    /// <summary>Failed options validation: each failure already reads <c>path: reason</c>; several share the one line.</summary>
    public BadInputException(IEnumerable<string> failures, Exception innerException)
        : base(string.Join("; ", failures), innerException)
    {
    }
}
