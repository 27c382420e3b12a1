namespace PluggableDmaBuf.Integration.Tests.Pipeline.Support;

/// <summary>The exit code and output of one real <c>pdmabuf</c> process.</summary>
internal sealed record ProcessResult(int ExitCode, string Out, string Error)
{
    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}; stderr: {Error}";
}
