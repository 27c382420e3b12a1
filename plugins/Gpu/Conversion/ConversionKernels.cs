using System.Runtime.Intrinsics;

namespace PluggableDmaBuf.Plugins.Gpu.Conversion;

/// <summary>Picks a kernel for the machine.</summary>
internal static class ConversionKernels
{
    /// <summary>The widest kernel the hardware accelerates; <see cref="ConversionKernel.Scalar"/> when none is (or on a big-endian machine).</summary>
    public static ConversionKernel Best =>
        !BitConverter.IsLittleEndian ? ConversionKernel.Scalar
        : Vector256.IsHardwareAccelerated ? ConversionKernel.Vector256
        : Vector128.IsHardwareAccelerated ? ConversionKernel.Vector128
        : ConversionKernel.Scalar;
}
