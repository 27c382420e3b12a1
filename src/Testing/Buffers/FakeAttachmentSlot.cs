namespace PluggableDmaBuf.Testing.Buffers;

/// <summary>
/// One attachment slot of a <see cref="FakeDmaBuf"/>, behind its attachment and mapping handles.
/// Its state is guarded by the buffer's lock; every call checks the handle's token, so a stale
/// handle never acts on a later attach or map that reuses the slot.
/// </summary>
internal sealed class FakeAttachmentSlot(FakeDmaBuf buffer) : IDmaBufAttachmentSource
{
    // Guarded by the buffer's lock.
    internal long AttachToken;
    internal long MapToken;
    internal int MapCount;
    internal DmaDirection Direction;
    internal DeviceDescription? Device;
    internal SgSegment[] Segments = [];

    public IDmaBuf Buffer => buffer;

    public DeviceDescription GetDevice(long token) => buffer.GetDevice(this, token);

    public bool IsAttached(long token) => buffer.IsAttached(this, token);

    public bool IsMapped(long token) => buffer.IsMapped(this, token);

    public DmaBufMapping Map(long token, DmaDirection direction) => buffer.Map(this, token, direction);

    public void Detach(long token) => buffer.Detach(this, token);

    public DmaBufAttachment GetAttachment(long mappingToken) => buffer.GetAttachment(this, mappingToken);

    public DmaDirection GetDirection(long mappingToken) => buffer.GetDirection(this, mappingToken);

    public IReadOnlyList<SgSegment> GetSegments(long mappingToken) => buffer.GetSegments(this, mappingToken);

    public bool IsBounced(long mappingToken)
    {
        _ = buffer.GetDirection(this, mappingToken);
        return false;
    }

    public Span<byte> GetSegment(long mappingToken, int index) => buffer.GetSegment(this, mappingToken, index);

    public void Unmap(long mappingToken) => buffer.Unmap(this, mappingToken);

    public override string ToString() => $"{buffer.Name}@{Device?.Name ?? "free"}";
}
