namespace PluggableDmaBuf.Core.Buffers;

/// <summary>What is fixed about a buffer at export: its size and image layout (invariant 8).</summary>
internal sealed record BufferLayout(long Size, long Alignment, PixelFormat? Format, string? Modifier, int Width, int Height,
    IReadOnlyList<PlaneLayout> Planes)
{
    public static BufferLayout Of(NegotiatedPlacement placement) => new(placement.Size, placement.Alignment, placement.Format,
        placement.Modifier, placement.Width, placement.Height, placement.Planes);

    public override string ToString() => Format is null ? $"{Size} bytes" : $"{Width}x{Height} {Format}:{Modifier}";
}
