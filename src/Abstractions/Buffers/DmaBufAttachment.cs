namespace PluggableDmaBuf;

/// <summary>
/// A device attached to a buffer (Linux's <c>dma_buf_attachment</c>): the importer's handle for
/// mapping it. Obtained from <see cref="IDmaBuf.Attach"/>.
/// </summary>
/// <remarks>
/// <para>An attachment has at most one mapping at a time, cached: mapping again in the same
/// direction, or in any direction when the cached one is bidirectional, returns the same mapping
/// handle (and needs as many unmaps); any other direction fails (<see cref="IDmaBuf">lifecycle invariant</see> 6). <see cref="Detach"/>
/// comes after every unmap (<see cref="IDmaBuf">lifecycle invariant</see> 7).</para>
/// <para><b>A handle, not an object.</b> The value is a small handle over the buffer's attachment
/// slot and a token; the buffer reuses its slots so that a steady attach–map–unmap–detach cycle
/// allocates nothing, and each attach gets a token never given before. A handle kept after
/// <see cref="Detach"/> (or after the buffer is released) is stale: <see cref="Map"/>,
/// <see cref="Detach"/> and <see cref="Device"/> throw <see cref="BufferStateException"/>, and
/// <see cref="IsAttached"/> is <c>false</c>, even when a later attach of the same buffer uses the
/// same slot. Copies of a handle are the same attachment. The default value is attached to nothing
/// and behaves as a stale handle.</para>
/// <para>Thread safe.</para>
/// </remarks>
public readonly struct DmaBufAttachment : IEquatable<DmaBufAttachment>
{
    private readonly IDmaBufAttachmentSource? _source;
    private readonly long _token;

    /// <summary>Creates a handle; called by the framework.</summary>
    /// <param name="source">The attachment slot.</param>
    /// <param name="token">The attachment token the slot gave.</param>
    public DmaBufAttachment(IDmaBufAttachmentSource source, long token)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _token = token;
    }

    /// <summary>The buffer.</summary>
    /// <exception cref="BufferStateException">The handle is the default value.</exception>
    public IDmaBuf Buffer => Source.Buffer;

    /// <summary>The attached device.</summary>
    /// <exception cref="BufferStateException">The attachment was detached (the handle is stale).</exception>
    public DeviceDescription Device => Source.GetDevice(_token);

    /// <summary>Whether the attachment is still attached (<c>false</c> for a stale or default handle).</summary>
    public bool IsAttached => _source?.IsAttached(_token) ?? false;

    /// <summary>Whether the attachment is mapped (<c>false</c> for a stale or default handle).</summary>
    public bool IsMapped => _source?.IsMapped(_token) ?? false;

    /// <summary>
    /// Maps the buffer for the device. The first map of a deferred buffer places it (<see cref="IDmaBuf">lifecycle invariant</see> 4);
    /// while the buffer migrates, or a migration waits for active mappings to end, the call waits too.
    /// </summary>
    /// <param name="direction">Which way data flows.</param>
    /// <returns>The mapping, with its scatter-gather table.</returns>
    /// <exception cref="BufferStateException">The attachment is detached (the handle is stale), or a migration did not get its turn in time.</exception>
    /// <exception cref="DirectionConflictException">It is mapped in another direction that is not bidirectional.</exception>
    /// <exception cref="BufferPlacementConflictException">The first map cannot place the buffer for every attachment present.</exception>
    /// <exception cref="HeapExhaustedException">The chosen heap has no room left.</exception>
    public DmaBufMapping Map(DmaDirection direction) => Source.Map(_token, direction);

    /// <summary>Detaches the device and drops the attachment's reference to the buffer.</summary>
    /// <exception cref="BufferStateException">The attachment is still mapped, or already detached (the handle is stale).</exception>
    public void Detach() => Source.Detach(_token);

    /// <inheritdoc />
    public bool Equals(DmaBufAttachment other) => ReferenceEquals(_source, other._source) && _token == other._token;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DmaBufAttachment other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_source, _token);

    /// <summary>Whether two handles are the same attachment.</summary>
    /// <param name="left">A handle.</param>
    /// <param name="right">Another handle.</param>
    public static bool operator ==(DmaBufAttachment left, DmaBufAttachment right) => left.Equals(right);

    /// <summary>Whether two handles are different attachments.</summary>
    /// <param name="left">A handle.</param>
    /// <param name="right">Another handle.</param>
    public static bool operator !=(DmaBufAttachment left, DmaBufAttachment right) => !left.Equals(right);

    /// <inheritdoc />
    public override string ToString() => _source is null ? "(no attachment)" : $"{_source} #{_token}";

    private IDmaBufAttachmentSource Source =>
        _source ?? throw new BufferStateException("the attachment handle is the default value: it was never attached");
}
