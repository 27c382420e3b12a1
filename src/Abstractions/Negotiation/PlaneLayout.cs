namespace PluggableDmaBuf;

/// <summary>Where one plane of an image lies in a buffer.</summary>
/// <param name="Offset">Byte offset of the plane's first row, aligned to the negotiated alignment.</param>
/// <param name="Pitch">Bytes from one row to the next, aligned to every participant's pitch alignment.</param>
/// <param name="Rows">Rows in the plane.</param>
/// <param name="RowBytes">Bytes of content in a row (the rest of the pitch is padding).</param>
public readonly record struct PlaneLayout(long Offset, int Pitch, int Rows, int RowBytes)
{
    /// <summary>The bytes the plane spans: <c>Pitch × Rows</c>.</summary>
    public long Length => (long)Pitch * Rows;
}
