namespace PluggableDmaBuf.Host.Pipeline.Links;

/// <summary>
/// What a late consumer's join came to: <c>attached</c> (the buffers were reachable), <c>migrated</c>
/// (they moved; bytes counted), <c>refused</c> (the conflict in <see cref="Message"/>; the branch ended)
/// or <c>not reached</c> (the run ended before the frame).
/// </summary>
internal sealed record LateJoin(string Stage, string Link, int AtFrame, string Outcome, string? Message, long BytesCopied, long Migrations);
