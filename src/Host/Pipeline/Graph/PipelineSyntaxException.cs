using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Pipeline.Graph;

/// <summary>
/// A pipeline description does not follow the grammar: <c>SOURCE: column N: expected WHAT, found WHAT</c>,
/// where SOURCE is <c>pipeline</c> (the command line) or the configuration key it came from, and what was
/// found is a short escaped excerpt of the text (or <c>end of input</c>). Exit code 2.
/// </summary>
internal sealed class PipelineSyntaxException : BadInputException
{
    public PipelineSyntaxException(string source, int column, string expected, string found)
        : base(source, $"column {column}: expected {expected}, found {found}")
    {
        Column = column;
        Expected = expected;
        Found = found;
    }

    /// <summary>Where the problem is, counting characters of the description from 1.</summary>
    public int Column { get; }

    public string Expected { get; }

    public string Found { get; }
}
