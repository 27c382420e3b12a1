namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>
/// A stage waited too long for a fence: the pipeline stalled (design §5). Names the waiting stage,
/// the fence's timeline (its owner stage) and how long it waited.
/// </summary>
internal sealed class StallException(string message, Exception inner) : DmaBufException(message, inner);
