namespace PluggableDmaBuf.Plugins.Gpu.Conversion;

/// <summary>
/// One conversion as the kernels see it: where each source component starts and how to step
/// through it, and where the XRGB8888 rows go. Built by <see cref="Create"/> after the plane layouts
/// have been checked against the buffers, so the kernels can index without bounds checks.
/// </summary>
/// <remarks>Holds raw pointers: valid only while both buffers are pinned (for the duration of one conversion).</remarks>
internal readonly unsafe struct YuvToXrgbFrame
{
    private YuvToXrgbFrame(YuvSourceLayout layout, int width, int height, byte* y, byte* u, byte* v, int lumaPitch, int uPitch, int vPitch,
        int lumaStep, int chromaStep, int chromaRowShift, byte* destination, int destinationPitch)
    {
        Layout = layout;
        Width = width;
        Height = height;
        Y = y;
        U = u;
        V = v;
        LumaPitch = lumaPitch;
        UPitch = uPitch;
        VPitch = vPitch;
        LumaStep = lumaStep;
        ChromaStep = chromaStep;
        ChromaRowShift = chromaRowShift;
        Destination = destination;
        DestinationPitch = destinationPitch;
    }

    /// <summary>The source arrangement.</summary>
    public YuvSourceLayout Layout { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>First luma sample.</summary>
    public byte* Y { get; }

    /// <summary>First U (Cb) sample.</summary>
    public byte* U { get; }

    /// <summary>First V (Cr) sample.</summary>
    public byte* V { get; }

    /// <summary>Bytes between luma rows.</summary>
    public int LumaPitch { get; }

    /// <summary>Bytes between U rows.</summary>
    public int UPitch { get; }

    /// <summary>Bytes between V rows (the same as <see cref="UPitch"/> but for YU12 planes negotiated apart).</summary>
    public int VPitch { get; }

    /// <summary>Bytes between horizontally adjacent luma samples (1, or 2 for YUYV).</summary>
    public int LumaStep { get; }

    /// <summary>Bytes between horizontally adjacent chroma samples (1 planar, 2 NV12, 4 YUYV).</summary>
    public int ChromaStep { get; }

    /// <summary>Image row → chroma row shift: 1 for 4:2:0, 0 for 4:2:2.</summary>
    public int ChromaRowShift { get; }

    /// <summary>First byte of the XRGB8888 destination.</summary>
    public byte* Destination { get; }

    /// <summary>Bytes between destination rows.</summary>
    public int DestinationPitch { get; }

    /// <summary>Describes a conversion from planes inside <paramref name="source"/> to a plane inside <paramref name="destination"/>.</summary>
    /// <param name="layout">The source arrangement.</param>
    /// <param name="width">Image width.</param>
    /// <param name="height">Image height.</param>
    /// <param name="source">The pinned source buffer.</param>
    /// <param name="planes">The source planes, checked against the buffer's length.</param>
    /// <param name="destination">The pinned destination buffer.</param>
    /// <param name="destinationPlane">The destination plane, checked against the buffer's length.</param>
    public static YuvToXrgbFrame Create(YuvSourceLayout layout, int width, int height, byte* source, IReadOnlyList<PlaneLayout> planes,
        byte* destination, PlaneLayout destinationPlane)
    {
        var target = destination + destinationPlane.Offset;
        var luma = source + planes[0].Offset;
        return layout switch
        {
            YuvSourceLayout.Nv12 => new(layout, width, height, luma, source + planes[1].Offset, source + planes[1].Offset + 1,
                planes[0].Pitch, planes[1].Pitch, planes[1].Pitch, 1, 2, 1, target, destinationPlane.Pitch),
            YuvSourceLayout.Yu12 => new(layout, width, height, luma, source + planes[1].Offset, source + planes[2].Offset,
                planes[0].Pitch, planes[1].Pitch, planes[2].Pitch, 1, 1, 1, target, destinationPlane.Pitch),
            _ => new(layout, width, height, luma, luma + 1, luma + 3, planes[0].Pitch, planes[0].Pitch, planes[0].Pitch, 2, 4, 0, target, destinationPlane.Pitch),
        };
    }
}
