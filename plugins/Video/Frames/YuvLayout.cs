namespace PluggableDmaBuf.Plugins.Video.Frames;

/// <summary>The YUV formats video0 produces, as the engines here address their planes.</summary>
internal enum YuvLayout
{
    /// <summary>NV12: Y plane, interleaved UV plane at half width and half height.</summary>
    Nv12,

    /// <summary>YU12 (I420): Y, U and V planes, chroma at half width and half height.</summary>
    Yu12,

    /// <summary>YUYV: one packed 4:2:2 plane, Y0 U Y1 V.</summary>
    Yuyv,
}
