namespace PluggableDmaBuf.Plugins.Tests.Support;

/// <summary>Builds plane layouts the way negotiation would, with optional padding after each row and between planes.</summary>
internal static class PlaneLayouts
{
    public static PlaneLayout[] For(PixelFormat format, int width, int height, int rowPadding = 0, int planeGap = 0)
    {
        var planes = new PlaneLayout[format.Planes.Count];
        long offset = planeGap;
        for (var i = 0; i < planes.Length; i++)
        {
            var rowBytes = (int)format.Planes[i].BytesPerRow(width);
            var rows = format.Planes[i].Rows(height);
            planes[i] = new PlaneLayout(offset, rowBytes + rowPadding, rows, rowBytes);
            offset += planes[i].Length + planeGap;
        }

        return planes;
    }

    public static int BufferLength(IReadOnlyList<PlaneLayout> planes) =>
        (int)planes.Max(p => p.Offset + p.Length) + 16;

    /// <summary>Every byte index of the buffer that belongs to a visible row of some plane.</summary>
    public static bool[] VisibleMask(IReadOnlyList<PlaneLayout> planes, int length)
    {
        var mask = new bool[length];
        foreach (var p in planes)
        {
            for (var r = 0; r < p.Rows; r++)
            {
                Array.Fill(mask, true, (int)(p.Offset + ((long)r * p.Pitch)), p.RowBytes);
            }
        }

        return mask;
    }
}
