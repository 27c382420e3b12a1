using System.Collections.Frozen;

namespace PluggableDmaBuf;

/// <summary>
/// A pixel format named by its DRM FourCC code (<c>XR24</c>, <c>AR24</c>, <c>RG16</c>, <c>YUYV</c>,
/// <c>NV12</c>, <c>YU12</c>), with the layout of its planes. The set is closed: formats are looked
/// up with <see cref="TryParse"/> or <see cref="Parse"/>, never created by plugins, so two plugins
/// that name the same format always mean the same bytes.
/// </summary>
/// <remarks>Immutable; instances are singletons and compare by reference.</remarks>
public sealed class PixelFormat
{
    /// <summary>XRGB8888: one plane, 4 bytes a pixel, the padding byte ignored.</summary>
    public static readonly PixelFormat XR24 = new("XR24", "XRGB8888", false, new PlaneFormat("XRGB", 4, 1, 1));

    /// <summary>ARGB8888: one plane, 4 bytes a pixel with alpha.</summary>
    public static readonly PixelFormat AR24 = new("AR24", "ARGB8888", false, new PlaneFormat("ARGB", 4, 1, 1));

    /// <summary>RGB565: one plane, 2 bytes a pixel.</summary>
    public static readonly PixelFormat RG16 = new("RG16", "RGB565", false, new PlaneFormat("RGB", 2, 1, 1));

    /// <summary>Packed 4:2:2 YUV (Y0 U Y1 V): one plane, 2 bytes a pixel; the width must be even.</summary>
    public static readonly PixelFormat YUYV = new("YUYV", "packed YUV 4:2:2", true, new PlaneFormat("YUYV", 2, 1, 1));

    /// <summary>NV12: a Y plane and an interleaved UV plane at half width and half height.</summary>
    public static readonly PixelFormat NV12 = new("NV12", "YUV 4:2:0, Y plane + interleaved UV plane", false,
        new PlaneFormat("Y", 1, 1, 1), new PlaneFormat("UV", 2, 2, 2));

    /// <summary>YU12 (I420): Y, U and V planes, chroma at half width and half height.</summary>
    public static readonly PixelFormat YU12 = new("YU12", "YUV 4:2:0, Y, U and V planes", false,
        new PlaneFormat("Y", 1, 1, 1), new PlaneFormat("U", 1, 2, 2), new PlaneFormat("V", 1, 2, 2));

    private static readonly PixelFormat[] s_all = [XR24, AR24, RG16, YUYV, NV12, YU12];
    private static readonly FrozenDictionary<string, PixelFormat> s_byName =
        s_all.ToFrozenDictionary(f => f.FourCC, StringComparer.Ordinal);

    private PixelFormat(string fourCC, string description, bool requiresEvenWidth, params PlaneFormat[] planes)
    {
        FourCC = fourCC;
        Description = description;
        RequiresEvenWidth = requiresEvenWidth;
        Planes = planes;
    }

    /// <summary>Every known format, in a stable order (the order used when nobody states a preference).</summary>
    public static IReadOnlyList<PixelFormat> All => s_all;

    /// <summary>The four-character code, for example <c>NV12</c>.</summary>
    public string FourCC { get; }

    /// <summary>A short human description.</summary>
    public string Description { get; }

    /// <summary>Whether images in this format must have an even width (packed 4:2:2).</summary>
    public bool RequiresEvenWidth { get; }

    /// <summary>The planes, in memory order.</summary>
    public IReadOnlyList<PlaneFormat> Planes { get; }

    /// <summary>Looks a format up by its FourCC name (case-sensitive, as DRM spells them).</summary>
    /// <param name="fourCC">The name.</param>
    /// <param name="format">The format when found.</param>
    /// <returns>Whether the name is a known format.</returns>
    public static bool TryParse(string? fourCC, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out PixelFormat? format)
    {
        if (fourCC is null)
        {
            format = null;
            return false;
        }

        return s_byName.TryGetValue(fourCC, out format);
    }

    /// <summary>Looks a format up by name, or throws <see cref="InvalidConstraintException"/> naming <paramref name="property"/>.</summary>
    /// <param name="fourCC">The name.</param>
    /// <param name="property">The property the name came from, for the error.</param>
    public static PixelFormat Parse(string? fourCC, string property = "format") =>
        TryParse(fourCC, out var format)
            ? format
            : throw new InvalidConstraintException(property,
                $"unknown format '{fourCC}' (known: {string.Join(", ", s_all.Select(f => f.FourCC))})");

    /// <summary>Checks an image size for this format: both dimensions positive, and an even width where the format needs one.</summary>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    /// <exception cref="InvalidConstraintException">The size does not suit the format (property <c>size</c>).</exception>
    public void CheckSize(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new InvalidConstraintException("size", $"{width}x{height} is not a positive size");
        }

        if (RequiresEvenWidth && (width & 1) != 0)
        {
            throw new InvalidConstraintException("size", $"{FourCC} needs an even width, {width} is odd");
        }
    }

    /// <summary>
    /// Checks, before a device engine touches a byte, that <paramref name="planes"/> can hold a
    /// <paramref name="width"/> × <paramref name="height"/> image of this format in a buffer of
    /// <paramref name="bufferLength"/> bytes: one layout per plane, a pitch that holds a row, enough
    /// rows, and every row inside the buffer — so that a wiring mistake fails with a message rather
    /// than writing into a neighbouring plane.
    /// </summary>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    /// <param name="planes">The layouts, for example <see cref="IDmaBuf.Planes"/>.</param>
    /// <param name="bufferLength">The bytes the planes must fit in.</param>
    /// <param name="what">How messages name the planes, for example <c>source plane</c>.</param>
    /// <exception cref="ArgumentException">A layout cannot hold its plane.</exception>
    public void CheckLayout(int width, int height, IReadOnlyList<PlaneLayout> planes, long bufferLength, string what = "plane")
    {
        ArgumentNullException.ThrowIfNull(planes);
        if (planes.Count != Planes.Count)
        {
            throw new ArgumentException($"{FourCC} has {Planes.Count} planes, the layout gives {planes.Count}", nameof(planes));
        }

        for (var i = 0; i < planes.Count; i++)
        {
            CheckPlane(i, planes[i], width, height, bufferLength, what);
        }
    }

    /// <summary>
    /// <see cref="CheckLayout(int, int, IReadOnlyList{PlaneLayout}, long, string)"/> for a format of
    /// one plane, without building a list (engines call this per frame and must not allocate).
    /// </summary>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    /// <param name="plane">The layout of the only plane.</param>
    /// <param name="bufferLength">The bytes the plane must fit in.</param>
    /// <param name="what">How messages name the plane.</param>
    /// <exception cref="ArgumentException">The format has more than one plane, or the layout cannot hold the image.</exception>
    public void CheckLayout(int width, int height, PlaneLayout plane, long bufferLength, string what = "plane")
    {
        if (Planes.Count != 1)
        {
            throw new ArgumentException($"{FourCC} has {Planes.Count} planes, the layout gives 1", nameof(plane));
        }

        CheckPlane(0, plane, width, height, bufferLength, what);
    }

    private void CheckPlane(int index, PlaneLayout plane, int width, int height, long bufferLength, string what)
    {
        var rowBytes = Planes[index].BytesPerRow(width);
        var rows = Planes[index].Rows(height);
        if (plane.Offset < 0 || plane.Pitch < rowBytes || plane.Rows < rows
            || plane.Offset + ((long)(rows - 1) * plane.Pitch) + rowBytes > bufferLength)
        {
            throw new ArgumentException(
                $"{what} {index} ({Planes[index].Name}) at offset {plane.Offset}, pitch {plane.Pitch}, {plane.Rows} rows cannot hold {rows} rows of {rowBytes} bytes in a buffer of {bufferLength} bytes",
                "planes");
        }
    }

    /// <inheritdoc />
    public override string ToString() => FourCC;
}
