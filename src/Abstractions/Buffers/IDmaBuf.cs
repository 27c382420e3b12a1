namespace PluggableDmaBuf;

/// <summary>
/// A shared buffer (Linux's <c>struct dma_buf</c>): real bytes of a fixed size, exported by one
/// exporter, attached and mapped by devices, accessed by the CPU between begin and end. Created by
/// <see cref="IDmaBufFactory"/>.
/// </summary>
/// <remarks>
/// <para><b>Lifecycle</b> (Linux's <c>dma_buf_ops</c> order): export → <see cref="Get"/> → <see cref="Attach"/> →
/// <see cref="DmaBufAttachment.Map"/> → … → <see cref="DmaBufMapping.Unmap"/> →
/// <see cref="DmaBufAttachment.Detach"/> → <see cref="Put"/> → release. The exporter holds the
/// first reference; every holder calls <see cref="Get"/> before using the buffer and <see cref="Put"/>
/// when done; attachments, CPU accesses and views hold a reference of their own until they end, so the
/// bytes are never freed under them. After the last <see cref="Put"/> the buffer is released exactly
/// once and every further operation throws <see cref="BufferReleasedException"/>.</para>
/// <para><b>Placement.</b> <see cref="Placement"/> is <c>null</c> until the buffer is placed: at
/// allocation for a heap allocation, at the first map for a deferred export (invariant 4). A late
/// attach of a device that cannot reach the placement migrates the buffer or is refused (invariant 5).</para>
/// <para><b>Reservation.</b> <see cref="Reservation"/> holds the fences of the devices working on the
/// buffer: a producer adds its write fence, a consumer its read fence. CPU access begin
/// waits on it (invariant 10): for the writers when reading, for readers and writers when writing,
/// within <see cref="FenceTimeouts.Default"/>, failing with <see cref="FenceTimeoutException"/>
/// naming the fence's timeline.</para>
/// <para><b>Lifecycle invariants</b>, numbered as the rest of these docs cite them (in full, with their tests:
/// <see href="https://github.com/PluggableDmaBuf/PluggableDmaBuf/blob/main/docs/buffers.md"/>):
/// 1. export fails unless the exporter provides map, unmap and release;
/// 2. a plugin is not unloaded while a buffer it exported is alive;
/// 3. map is valid only on a live attachment;
/// 4. until the first map nothing need be allocated (deferred allocation); the first map places the
/// buffer for every attachment present;
/// 5. a device attaching after placement that cannot reach the buffer gets it migrated (once no mapping is
/// active) or is refused with <see cref="BufferPlacementConflictException"/>, never a silent success;
/// 6. mapping an attachment already mapped in another direction fails unless the cached direction is bidirectional;
/// 7. detach comes after all unmaps; release runs exactly once, after the last reference is dropped, and
/// every later operation fails clearly;
/// 8. the size never changes, and a CPU view larger than the buffer is refused;
/// 9. vmap-style CPU mappings are reference counted: the exporter is asked on 0→1 and 1→0 only;
/// 10. CPU access sits between begin and end; begin for read waits for writers' fences, begin for write for
/// readers' and writers'; a CPU view used after end fails.</para>
/// <para><b>Threading.</b> Every member is thread safe; state changes of one buffer are serialised
/// under its lock, and the exporter's callbacks and every copy of bytes (migration, bounce) run
/// outside it, so a callback may use the buffer and reading its state never waits for a copy.</para>
/// </remarks>
public interface IDmaBuf
{
    /// <summary>The buffer's reservation: its fences with their usage (implicit sync). Lives as long as the buffer.</summary>
    IDmaReservation Reservation { get; }

    /// <summary>A process-wide unique number, increasing in export order.</summary>
    long Id { get; }

    /// <summary>A name for listings and messages (not unique).</summary>
    string Name { get; }

    /// <summary>Bytes; fixed at export (invariant 8) and a multiple of the page size.</summary>
    long Size { get; }

    /// <summary>The exporter's name (<see cref="DmaBufExporter.Name"/>): the exporting device, or the heap for a heap allocation.</summary>
    string Exporter { get; }

    /// <summary>Where the buffer is placed, or <c>null</c> until it is (deferred allocation). Changes when the buffer migrates.</summary>
    NegotiatedPlacement? Placement { get; }

    /// <summary>The image format fixed at export, or <c>null</c> for a size-only buffer.</summary>
    PixelFormat? Format { get; }

    /// <summary>The modifier fixed at export, or <c>null</c> for a size-only buffer.</summary>
    string? Modifier { get; }

    /// <summary>Image width in pixels, 0 for a size-only buffer.</summary>
    int Width { get; }

    /// <summary>Image height in pixels, 0 for a size-only buffer.</summary>
    int Height { get; }

    /// <summary>The plane layouts fixed at export; empty for a size-only buffer.</summary>
    IReadOnlyList<PlaneLayout> Planes { get; }

    /// <summary>References held (the exporter's, the holders', and one per attachment, CPU access and view).</summary>
    int ReferenceCount { get; }

    /// <summary>Whether the buffer has been released.</summary>
    bool IsReleased { get; }

    /// <summary>Takes a reference.</summary>
    /// <exception cref="BufferReleasedException">The buffer is released.</exception>
    void Get();

    /// <summary>Drops a reference; dropping the last releases the buffer (exporter's <see cref="DmaBufExporter.Release"/>, then the bytes are freed).</summary>
    /// <exception cref="BufferReleasedException">The buffer is already released (a reference was dropped twice).</exception>
    void Put();

    /// <summary>
    /// Attaches a device. Before placement the attachment joins the constraints the first map places
    /// the buffer with; after placement a device that cannot reach the buffer makes it migrate (once
    /// no mapping is active) or is refused.
    /// </summary>
    /// <param name="device">The importing device.</param>
    /// <returns>The attachment; it holds a reference until <see cref="DmaBufAttachment.Detach"/>.</returns>
    /// <exception cref="BufferReleasedException">The buffer is released.</exception>
    /// <exception cref="BufferPlacementConflictException">The device cannot use the buffer and it cannot migrate (names the device, the constraint and the placement).</exception>
    DmaBufAttachment Attach(DeviceDescription device);

    /// <summary>
    /// Begins CPU access: waits for the fences the mode must wait for, tells the exporter, and gives
    /// views of the bytes valid until <see cref="IDmaBufCpuAccess.End"/>.
    /// </summary>
    /// <param name="mode">Read, write or both.</param>
    /// <returns>The access scope; dispose it (or call End) to end the access.</returns>
    /// <exception cref="BufferReleasedException">The buffer is released.</exception>
    IDmaBufCpuAccess BeginCpuAccess(CpuAccessMode mode);

    /// <summary>
    /// Maps the buffer for the CPU, kernel style (<c>dma_buf_vmap</c>): one shared mapping, counted;
    /// the exporter is asked on the first and told on the last (invariant 9). CPU access through it
    /// still belongs between begin and end.
    /// </summary>
    /// <returns>The view; dispose it to unmap.</returns>
    /// <exception cref="BufferReleasedException">The buffer is released.</exception>
    IDmaBufView Vmap();

    /// <summary>
    /// Maps the buffer's file into the process, as <c>mmap</c> of a dma-buf descriptor does: a new
    /// mapping of the same pages each time (on Linux a second mapping of the memfd).
    /// </summary>
    /// <returns>The view; dispose it to unmap.</returns>
    /// <exception cref="BufferReleasedException">The buffer is released.</exception>
    IDmaBufView Mmap();
}
