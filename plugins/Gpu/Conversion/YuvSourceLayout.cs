namespace PluggableDmaBuf.Plugins.Gpu.Conversion;

/// <summary>The source arrangements gpu0 converts from.</summary>
internal enum YuvSourceLayout
{
    /// <summary>NV12: Y plane, interleaved UV plane at half width and half height.</summary>
    Nv12,

    /// <summary>YU12 (I420): Y, U and V planes, chroma at half width and half height.</summary>
    Yu12,

    /// <summary>YUYV: one packed 4:2:2 plane, Y0 U Y1 V.</summary>
    Yuyv,
}
