namespace PluggableDmaBuf;

/// <summary>
/// What the CPU is going to do between <see cref="IDmaBuf.BeginCpuAccess"/> and its end. Reading
/// waits for the buffer's writers; writing waits for its readers and writers (<see cref="IDmaBuf">lifecycle invariant</see> 10).
/// </summary>
[Flags]
public enum CpuAccessMode
{
    /// <summary>The CPU reads the bytes.</summary>
    Read = 1,

    /// <summary>The CPU writes the bytes.</summary>
    Write = 2,

    /// <summary>The CPU reads and writes the bytes.</summary>
    ReadWrite = Read | Write,
}
