namespace PluggableDmaBuf.Plugins.Gpu.Conversion;

/// <summary>The Y'CbCr matrix coefficients a source was encoded with.</summary>
internal enum YuvMatrix
{
    /// <summary>ITU-R BT.601 (standard definition; Kr 0.299, Kb 0.114). The pipeline's default.</summary>
    Bt601,

    /// <summary>ITU-R BT.709 (high definition; Kr 0.2126, Kb 0.0722).</summary>
    Bt709,
}
