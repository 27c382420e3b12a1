namespace PluggableDmaBuf;

/// <summary>
/// Creates the shared buffers of a pipeline. Two kinds exist: the <b>central</b>
/// allocator, which a plugin registers (<see cref="DmaBufServiceCollectionExtensions.AddCentralAllocator{T}"/>)
/// and which negotiates over every registered device that may consume the buffer before placing it;
/// and the <b>exporter</b> fallback the host provides, where the exporting device allocates at the
/// first map from the attachments present then (the Linux way).
/// </summary>
/// <remarks>
/// Implementations are thread safe. A buffer returned by <see cref="Allocate"/> carries one reference
/// for the caller, who drops it with <see cref="IDmaBuf.Put"/> when done; an allocator that pools
/// buffers keeps its own reference and hands a buffer out again only when nobody else holds one.
/// Dispose the allocator (the host does, at shutdown) to drop pooled buffers.
/// </remarks>
public interface IBufferAllocator : IDisposable
{
    /// <summary><c>central</c> or <c>exporter</c>, as the run report prints it.</summary>
    string Kind { get; }

    /// <summary>Creates (or recycles) a buffer for <paramref name="request"/>.</summary>
    /// <param name="request">What to hold; its exporter and participants must be registered devices.</param>
    /// <param name="name">A name for listings, for example <c>video0→gpu0 #1</c>.</param>
    /// <param name="exporter">
    /// Optional: the callbacks the buffer carries (a stage that exports its own buffers). The central
    /// allocator still negotiates and places the buffer; the exporter fallback exports it from the
    /// request's exporter device with these callbacks. A pooling allocator recycles a buffer only for
    /// the same exporter. <c>null</c>: the framework's built-in exporter.
    /// </param>
    /// <returns>The buffer, with one reference owned by the caller.</returns>
    /// <exception cref="BufferPlacementConflictException">The participants cannot share a buffer.</exception>
    /// <exception cref="InvalidConstraintException">The request names a device nobody registered.</exception>
    /// <exception cref="ExporterContractException">The exporter lacks a required callback.</exception>
    IDmaBuf Allocate(BufferRequest request, string? name = null, DmaBufExporter? exporter = null);
}
