namespace PluggableDmaBuf.Host.Pipeline.Links;

/// <summary>
/// One consumer of a link as the runner creates it: its stage, and for a late consumer the frame it
/// joins at (<c>start-at</c>), else <c>null</c>.
/// </summary>
/// <remarks>
/// A class rather than a tuple: the runner's and the link's LINQ over the consumers then shares the
/// framework's precompiled code instead of JIT-compiling some 40 generic instantiations over
/// <c>(StageRun, int?)</c> at each start.
/// </remarks>
internal sealed record LinkReader(StageRun Stage, int? JoinAt);
