namespace PluggableDmaBuf.Plugins.CentralAllocator.Allocation;

/// <summary>
/// Buffers are interchangeable when their negotiated layout is (same heap, size, format, modifier,
/// image size and planes) and they carry the same exporter's callbacks.
/// </summary>
internal readonly record struct PoolKey(DmaBufExporter? Exporter, string Heap, long Size, string? Format, string? Modifier, int Width, int Height, string Planes)
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
