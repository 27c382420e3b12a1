namespace PluggableDmaBuf;

/// <summary>
/// What stands behind <see cref="DmaBufAttachment"/> and <see cref="DmaBufMapping"/> handles, as
/// <c>IValueTaskSource</c> stands behind a <c>ValueTask</c>: one object per attachment slot of a
/// buffer, reused from one attach to the next, that checks on every call the token the handle was
/// given. Implemented by the framework; plugins use the handles and never call this directly.
/// </summary>
/// <remarks>
/// <para>Every attach gives the slot a new attachment token, every first map a new mapping token,
/// never reused for that slot: a handle whose token is no longer the slot's current one is stale
/// (detached, unmapped or released), and every operation on it fails with
/// <see cref="BufferStateException"/> or <see cref="BufferReleasedException"/> — never acts on a later
/// attach or map that reuses the slot. The queries <see cref="IsAttached"/> and
/// <see cref="IsMapped"/> answer <c>false</c> for a stale token instead of throwing.</para>
/// <para>Thread safe.</para>
/// </remarks>
public interface IDmaBufAttachmentSource
{
    /// <summary>The buffer the slot belongs to (it never changes).</summary>
    IDmaBuf Buffer { get; }

    /// <summary>The attached device.</summary>
    /// <param name="token">The attachment token.</param>
    /// <exception cref="BufferStateException">The token is stale.</exception>
    DeviceDescription GetDevice(long token);

    /// <summary>Whether <paramref name="token"/> is the slot's live attachment.</summary>
    /// <param name="token">The attachment token.</param>
    bool IsAttached(long token);

    /// <summary>Whether <paramref name="token"/> is the slot's live attachment and it is mapped.</summary>
    /// <param name="token">The attachment token.</param>
    bool IsMapped(long token);

    /// <summary>Maps the attachment (see <see cref="DmaBufAttachment.Map"/>).</summary>
    /// <param name="token">The attachment token.</param>
    /// <param name="direction">Which way data flows.</param>
    /// <returns>The mapping handle.</returns>
    DmaBufMapping Map(long token, DmaDirection direction);

    /// <summary>Detaches the attachment (see <see cref="DmaBufAttachment.Detach"/>).</summary>
    /// <param name="token">The attachment token.</param>
    void Detach(long token);

    /// <summary>The attachment a mapping belongs to.</summary>
    /// <param name="mappingToken">The mapping token.</param>
    /// <exception cref="BufferStateException">The mapping token is stale.</exception>
    DmaBufAttachment GetAttachment(long mappingToken);

    /// <summary>The direction of the mapping.</summary>
    /// <param name="mappingToken">The mapping token.</param>
    /// <exception cref="BufferStateException">The mapping token is stale.</exception>
    DmaDirection GetDirection(long mappingToken);

    /// <summary>The mapping's scatter-gather table; valid until the mapping is unmapped.</summary>
    /// <param name="mappingToken">The mapping token.</param>
    /// <exception cref="BufferStateException">The mapping token is stale.</exception>
    IReadOnlyList<SgSegment> GetSegments(long mappingToken);

    /// <summary>Whether the mapping goes through a bounce buffer.</summary>
    /// <param name="mappingToken">The mapping token.</param>
    /// <exception cref="BufferStateException">The mapping token is stale.</exception>
    bool IsBounced(long mappingToken);

    /// <summary>The bytes of one segment as the device reaches them.</summary>
    /// <param name="mappingToken">The mapping token.</param>
    /// <param name="index">The segment's index.</param>
    /// <exception cref="BufferStateException">The mapping token is stale.</exception>
    Span<byte> GetSegment(long mappingToken, int index);

    /// <summary>Undoes one map (see <see cref="DmaBufMapping.Unmap"/>).</summary>
    /// <param name="mappingToken">The mapping token.</param>
    void Unmap(long mappingToken);
}
