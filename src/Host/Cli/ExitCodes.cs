namespace PluggableDmaBuf.Host.Cli;

/// <summary>The exit codes of <c>pdmabuf</c> (design §8).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int RuntimeFailure = 1;
    public const int BadInput = 2;
    public const int NegotiationConflict = 3;
    public const int PluginFailure = 4;
}
