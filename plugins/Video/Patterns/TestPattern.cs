namespace PluggableDmaBuf.Plugins.Video.Patterns;

/// <summary>The synthetic sources video0 can capture from (<c>--source testpattern:smpte|ball</c>).</summary>
internal enum TestPattern
{
    /// <summary>SMPTE colour bars (EG 1 layout) with a sliding white marker and a frame counter.</summary>
    Smpte,

    /// <summary>A bouncing ball over a checkerboard, with a frame counter.</summary>
    Ball,
}
