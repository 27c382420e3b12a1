namespace PluggableDmaBuf.Plugins.Video.Y4m;

/// <summary>
/// The stream header of a YUV4MPEG2 file, as far as video0 uses it. Only 8-bit 4:2:0 streams get
/// this far (<see cref="Y4mHeaderParser"/> refuses the rest), so each frame is an I420 image:
/// the Y plane, then U, then V, chroma at half width and half height rounded up.
/// </summary>
/// <param name="Width">Image width (<c>W</c>).</param>
/// <param name="Height">Image height (<c>H</c>).</param>
/// <param name="FrameRateNumerator">Frame rate numerator (<c>F</c>); 25 when the tag is absent.</param>
/// <param name="FrameRateDenominator">Frame rate denominator; 1 when the tag is absent.</param>
/// <param name="Interlacing">The <c>I</c> tag: <c>p</c>, <c>t</c>, <c>b</c>, <c>m</c>, or <c>?</c> when absent or unknown.</param>
/// <param name="AspectNumerator">Pixel aspect numerator (<c>A</c>); 0 when unknown.</param>
/// <param name="AspectDenominator">Pixel aspect denominator; 0 when unknown.</param>
/// <param name="Chroma">The chroma siting as written after <c>C</c> (<c>420jpeg</c> when the tag is absent).</param>
/// <param name="ColourRange">The range from <c>XCOLORRANGE=</c>, or <see cref="Y4mColourRange.Unspecified"/>.</param>
/// <param name="Extensions">Every <c>X</c> tag's text after the <c>X</c>, in order.</param>
internal sealed record Y4mHeader(
    int Width,
    int Height,
    int FrameRateNumerator,
    int FrameRateDenominator,
    char Interlacing,
    int AspectNumerator,
    int AspectDenominator,
    string Chroma,
    Y4mColourRange ColourRange,
    IReadOnlyList<string> Extensions)
{
    /// <summary>Chroma samples in a row: half the width, rounded up.</summary>
    public int ChromaWidth => (Width + 1) / 2;

    /// <summary>Chroma rows: half the height, rounded up.</summary>
    public int ChromaHeight => (Height + 1) / 2;

    /// <summary>Bytes of one frame's payload (after its <c>FRAME</c> line).</summary>
    public int FrameBytes => (Width * Height) + (2 * ChromaWidth * ChromaHeight);

    /// <summary>Frames per second.</summary>
    public double FramesPerSecond => (double)FrameRateNumerator / FrameRateDenominator;
}
