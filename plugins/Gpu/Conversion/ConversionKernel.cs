namespace PluggableDmaBuf.Plugins.Gpu.Conversion;

/// <summary>Which implementation converts the rows.</summary>
internal enum ConversionKernel
{
    /// <summary>The per-pixel reference (Q16 fixed point). Exact to ±0.5 of the real-valued formula.</summary>
    Scalar,

    /// <summary>128-bit vectors, 8 pixels a step (SSE2/SSSE3, AdvSimd, or portable fallbacks).</summary>
    Vector128,

    /// <summary>256-bit vectors, 16 pixels a step (AVX2, or portable fallbacks).</summary>
    Vector256,
}
