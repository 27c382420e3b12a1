namespace PluggableDmaBuf.Host.Configuration;

/// <summary>An override of one heap of the memory map: its capacity and/or base address.</summary>
internal sealed class HeapOptions
{
    public long? Size { get; set; }

    public ulong? Base { get; set; }
}
