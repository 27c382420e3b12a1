namespace PluggableDmaBuf.Testing.Harness;

/// <summary>
/// Writes one input frame for the first stage of a <see cref="StageHarness"/> run, as an upstream
/// producer would: called inside a CPU write access to the buffer, before the stage sees the frame.
/// </summary>
/// <param name="frame">The frame's index.</param>
/// <param name="buffer">The input buffer (format, size, planes as the link's caps made them).</param>
/// <param name="bytes">The whole buffer, writable.</param>
public delegate void StageInputWriter(int frame, IDmaBuf buffer, Span<byte> bytes);
