using PluggableDmaBuf.Host.Errors;

namespace PluggableDmaBuf.Host.Pipeline.Graph;

/// <summary>
/// A pipeline description that parses but does not make a pipeline: a label given twice or unknown, a
/// property given twice or unknown to its stage, a stage used twice, a stage with two inputs, a cycle, a
/// link into a source or out of a sink. <c>SOURCE: column N: problem</c> (no column for a graph that was
/// not written as text). Exit code 2.
/// </summary>
internal sealed class PipelineGraphException : BadInputException
{
    public PipelineGraphException(string source, int column, string problem)
        : base(source, At(column, problem))
    {
        Column = column;
    }

    /// <summary>Where the problem is, counting characters of the description from 1; 0 when not known.</summary>
    public int Column { get; }

    internal static string At(int column, string problem) => column > 0 ? $"column {column}: {problem}" : problem;
}
