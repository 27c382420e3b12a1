namespace PluggableDmaBuf.Plugins.CentralAllocator.Allocation;

/// <summary>Buffers are interchangeable when their negotiated layout is: same heap, size, format, modifier, image size and planes.</summary>
internal readonly record struct PoolKey(string Heap, long Size, string? Format, string? Modifier, int Width, int Height, string Planes)
{
    public static PoolKey Of(NegotiatedPlacement placement) => new(
        placement.Heap.Name,
        placement.Size,
        placement.Format?.FourCC,
        placement.Modifier,
        placement.Width,
        placement.Height,
        string.Join(';', placement.Planes.Select(p => $"{p.Offset}/{p.Pitch}/{p.Rows}")));
}
