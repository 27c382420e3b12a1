namespace PluggableDmaBuf.Core.Buffers;

/// <summary>Where an <see cref="AttachmentSlot"/> is in its cycle; the transitions in progress are those whose exporter callback or copy runs outside the buffer's lock.</summary>
internal enum SlotPhase
{
    /// <summary>Attached, not mapped (or free in the buffer's pool).</summary>
    Idle,

    /// <summary>The first map is running its bounce copy and the exporter's <c>Map</c>; other maps of the attachment wait.</summary>
    Mapping,

    /// <summary>Mapped; further compatible maps share the mapping.</summary>
    Mapped,

    /// <summary>The last unmap is running the exporter's <c>Unmap</c> and the bounce copy back; other maps of the attachment wait.</summary>
    Unmapping,

    /// <summary>The exporter's <c>Detach</c> is running; the attachment takes no new map.</summary>
    Detaching,
}
