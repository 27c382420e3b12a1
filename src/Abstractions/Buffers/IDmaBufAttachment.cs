namespace PluggableDmaBuf;

/// <summary>
/// A device attached to a buffer (Linux's <c>dma_buf_attachment</c>): the importer's handle for
/// mapping it. Obtained from <see cref="IDmaBuf.Attach"/>.
/// </summary>
/// <remarks>
/// <para>An attachment has at most one mapping at a time, cached: mapping again in the same
/// direction, or in any direction when the cached one is bidirectional, returns it again (and needs
/// as many unmaps); any other direction fails (invariant 6). <see cref="Detach"/> comes after every
/// unmap (invariant 7).</para>
/// <para>After <see cref="Detach"/> the object may be recycled for a later attach of the same buffer
/// (so that a steady cycle allocates nothing); do not keep it. In strict mode objects are never
/// recycled and any use after detach throws.</para>
/// <para>Thread safe.</para>
/// </remarks>
public interface IDmaBufAttachment
{
    /// <summary>The buffer.</summary>
    IDmaBuf Buffer { get; }

    /// <summary>The attached device.</summary>
    DeviceDescription Device { get; }

    /// <summary>Whether the attachment is still attached.</summary>
    bool IsAttached { get; }

    /// <summary>Whether the attachment is mapped.</summary>
    bool IsMapped { get; }

    /// <summary>
    /// Maps the buffer for the device. The first map of a deferred buffer places it (invariant 4);
    /// while a migration waits for active mappings to end, the call waits too.
    /// </summary>
    /// <param name="direction">Which way data flows.</param>
    /// <returns>The mapping, with its scatter-gather table.</returns>
    /// <exception cref="BufferStateException">The attachment is detached, or a migration did not get its turn in time.</exception>
    /// <exception cref="DirectionConflictException">It is mapped in another direction that is not bidirectional.</exception>
    /// <exception cref="BufferPlacementConflictException">The first map cannot place the buffer for every attachment present.</exception>
    /// <exception cref="HeapExhaustedException">The chosen heap has no room left.</exception>
    IDmaBufMapping Map(DmaDirection direction);

    /// <summary>Detaches the device and drops the attachment's reference to the buffer.</summary>
    /// <exception cref="BufferStateException">The attachment is still mapped, or already detached.</exception>
    void Detach();
}
