namespace PluggableDmaBuf;

/// <summary>
/// One plane of a <see cref="PixelFormat"/>: how many bytes one sample takes and how the plane is
/// subsampled against the image. A plane of an image <c>w × h</c> has
/// <c>ceil(w / HorizontalSubsampling)</c> samples a row and <c>ceil(h / VerticalSubsampling)</c> rows.
/// </summary>
/// <remarks>Immutable; shared freely across threads.</remarks>
public sealed class PlaneFormat
{
    internal PlaneFormat(string name, int bytesPerSample, int horizontalSubsampling, int verticalSubsampling)
    {
        Name = name;
        BytesPerSample = bytesPerSample;
        HorizontalSubsampling = horizontalSubsampling;
        VerticalSubsampling = verticalSubsampling;
    }

    /// <summary>What the plane holds, for example <c>Y</c>, <c>UV</c> or <c>XRGB</c>.</summary>
    public string Name { get; }

    /// <summary>Bytes of one sample (NV12's interleaved UV sample is 2 bytes).</summary>
    public int BytesPerSample { get; }

    /// <summary>Image columns per sample of this plane (2 for 4:2:0 chroma).</summary>
    public int HorizontalSubsampling { get; }

    /// <summary>Image rows per row of this plane (2 for 4:2:0 chroma).</summary>
    public int VerticalSubsampling { get; }

    /// <summary>Samples in one row of this plane for an image <paramref name="width"/> pixels wide.</summary>
    /// <param name="width">The image width in pixels.</param>
    public int SamplesPerRow(int width) => (width + HorizontalSubsampling - 1) / HorizontalSubsampling;

    /// <summary>Bytes of content in one row (before pitch padding).</summary>
    /// <param name="width">The image width in pixels.</param>
    public long BytesPerRow(int width) => (long)SamplesPerRow(width) * BytesPerSample;

    /// <summary>Rows of this plane for an image <paramref name="height"/> pixels high.</summary>
    /// <param name="height">The image height in pixels.</param>
    public int Rows(int height) => (height + VerticalSubsampling - 1) / VerticalSubsampling;
}
