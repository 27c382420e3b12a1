namespace PluggableDmaBuf.Plugins.CentralAllocator.Allocation;

/// <summary>
/// Buffers are interchangeable when their negotiated layout is (same heap, size, format, modifier,
/// image size and planes) and they carry the same exporter's callbacks.
/// </summary>
/// <remarks>A class, not a struct: the pool's dictionary then runs the framework's precompiled shared code instead of being JIT-compiled for the key at each start.</remarks>
internal sealed record PoolKey(DmaBufExporter? Exporter, string Heap, long Size, string? Format, string? Modifier, int Width, int Height, string Planes)
{
    public static PoolKey Of(NegotiatedPlacement placement, DmaBufExporter? exporter) => new(
        exporter,
        placement.Heap.Name,
        placement.Size,
        placement.Format?.FourCC,
        placement.Modifier,
        placement.Width,
        placement.Height,
        string.Join(';', placement.Planes.Select(p => $"{p.Offset}/{p.Pitch}/{p.Rows}")));
}
