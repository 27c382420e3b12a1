namespace PluggableDmaBuf;

/// <summary>
/// Creates buffers. The host registers the framework's implementation; plugins and the central
/// allocator resolve it from the service provider.
/// </summary>
/// <remarks>
/// <para>Three ways to create a buffer:</para>
/// <list type="bullet">
/// <item><see cref="Allocate"/>: what a central allocator does — placed at once where a negotiation
/// decided (<see cref="INegotiator"/> with <see cref="LargestFreeBlock"/>), exported by the heap's
/// built-in exporter or by a given one.</item>
/// <item><see cref="Export"/> without an exporter: the Linux fallback — the layout is fixed now from
/// the exporting device's constraints and those of the importers already known (as userspace
/// negotiates caps before a V4L2 or DRM exporter allocates); the placement is deferred to the first
/// map, negotiated from the heaps the exporting device reaches and the attachments present then.</item>
/// <item><see cref="Export"/> with a plugin's own <see cref="DmaBufExporter"/>: the same, with the
/// plugin's callbacks.</item>
/// </list>
/// <para>The caller owns the returned buffer's first reference and drops it with
/// <see cref="IDmaBuf.Put"/>. Thread safe.</para>
/// </remarks>
public interface IDmaBufFactory
{
    /// <summary>The heaps buffers are placed in (the memory map).</summary>
    IReadOnlyList<HeapDescription> Heaps { get; }

    /// <summary>
    /// The most one buffer can get from <paramref name="heap"/> right now (every free page of a
    /// scattered heap, the largest free block of a contiguous one): pass it to
    /// <see cref="INegotiator.Negotiate"/> as <c>largestFree</c>.
    /// </summary>
    /// <param name="heap">One of <see cref="Heaps"/>.</param>
    /// <exception cref="InvalidConstraintException">The heap is not in the memory map.</exception>
    long LargestFreeBlock(HeapDescription heap);

    /// <summary>Allocates a buffer placed at once as <paramref name="placement"/> says, in its heap.</summary>
    /// <param name="placement">A negotiated placement; its heap must be one of <see cref="Heaps"/> (matched by name).</param>
    /// <param name="name">A name for listings; <c>null</c> names it after the heap and the id.</param>
    /// <param name="exporter">The exporter's callbacks, or <c>null</c> for the heap's built-in exporter (named after the heap).</param>
    /// <returns>The buffer, with one reference held by the caller.</returns>
    /// <exception cref="ExporterContractException">The exporter lacks a required callback (<see cref="IDmaBuf">lifecycle invariant</see> 1).</exception>
    /// <exception cref="InvalidConstraintException">The placement's heap is not in the memory map.</exception>
    /// <exception cref="HeapExhaustedException">The heap has no room for it.</exception>
    /// <exception cref="BufferStorageException">The bytes could not be created.</exception>
    IDmaBuf Allocate(NegotiatedPlacement placement, string? name = null, DmaBufExporter? exporter = null);

    /// <summary>
    /// Exports a buffer whose placement is deferred to its first map (<see cref="IDmaBuf">lifecycle invariant</see> 4). The layout (size,
    /// format, modifier, planes) is negotiated now from <paramref name="exporterDevice"/>'s constraints
    /// and <paramref name="importers"/>' (pitch, alignment, formats), and never changes: an importer
    /// that comes later and needs another layout is refused at attach.
    /// </summary>
    /// <param name="request">What the buffer holds; its exporter, when named, must be <paramref name="exporterDevice"/>.</param>
    /// <param name="exporterDevice">The exporting device: only heaps it reaches are used.</param>
    /// <param name="name">A name for listings; <c>null</c> names it after the device and the id.</param>
    /// <param name="exporter">The exporter's callbacks, or <c>null</c> for the built-in exporter (named after the device).</param>
    /// <param name="importers">Devices known now to import the buffer; their layout constraints shape it. Optional.</param>
    /// <returns>The buffer, unplaced, with one reference held by the caller.</returns>
    /// <exception cref="ExporterContractException">The exporter lacks a required callback (<see cref="IDmaBuf">lifecycle invariant</see> 1).</exception>
    /// <exception cref="BufferPlacementConflictException">The exporting device cannot hold the request at all.</exception>
    /// <exception cref="InvalidConstraintException">The request names another exporter.</exception>
    IDmaBuf Export(BufferRequest request, DeviceDescription exporterDevice, string? name = null, DmaBufExporter? exporter = null,
        IReadOnlyList<DeviceDescription>? importers = null);
}
