namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>
/// A stage waited too long for a buffer: the pipeline stalled. Names the waiting stage, the buffer and
/// link it waited for, and the stage that holds it up without itself waiting (the cause). Exit code 1.
/// </summary>
internal sealed class StallException(string message) : DmaBufException(message);
