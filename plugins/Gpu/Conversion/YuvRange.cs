namespace PluggableDmaBuf.Plugins.Gpu.Conversion;

/// <summary>The quantisation range of 8-bit Y'CbCr samples.</summary>
internal enum YuvRange
{
    /// <summary>Studio (limited, "TV") range: Y 16..235, chroma 16..240. The pipeline's default.</summary>
    Limited,

    /// <summary>Full ("PC", JPEG) range: every component 0..255.</summary>
    Full,
}
