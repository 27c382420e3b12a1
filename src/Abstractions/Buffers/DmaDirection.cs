namespace PluggableDmaBuf;

/// <summary>
/// Which way the data of a device mapping flows, as Linux's <c>dma_data_direction</c>. It decides
/// the bounce copies: in when the device reads, back when it writes, both for bidirectional.
/// </summary>
public enum DmaDirection
{
    /// <summary>The device reads the buffer (memory to device).</summary>
    ToDevice = 1,

    /// <summary>The device writes the buffer (device to memory).</summary>
    FromDevice = 2,

    /// <summary>The device reads and writes the buffer.</summary>
    Bidirectional = 3,
}
