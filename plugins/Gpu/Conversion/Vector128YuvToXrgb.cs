using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace PluggableDmaBuf.Plugins.Gpu.Conversion;

/// <summary>
/// The 128-bit kernel: 8 pixels a step, the same arithmetic as <see cref="Vector256YuvToXrgb"/>.
/// Uses SSE2/SSSE3 or AdvSimd where present, the portable <see cref="Vector128"/> operations
/// otherwise. The last <c>width mod 8</c> pixels of a row go through <see cref="ScalarYuvToXrgb"/>.
/// </summary>
internal static unsafe class Vector128YuvToXrgb
{
    /// <summary>Pixels converted per vector step.</summary>
    public const int PixelsPerStep = 8;

    // Shuffle controls putting the chroma sample of pixel i in the high byte of 16-bit lane i.
    // NV12 loads 8 bytes U0 V0 … U3 V3; YU12 loads U0..U3 then V0..V3; YUYV loads 16 bytes.
    private static readonly Vector128<byte> s_nv12U = Control(i => i & ~1);
    private static readonly Vector128<byte> s_nv12V = Control(i => (i & ~1) + 1);
    private static readonly Vector128<byte> s_yu12U = Control(i => i >> 1);
    private static readonly Vector128<byte> s_yu12V = Control(i => 4 + (i >> 1));
    private static readonly Vector128<byte> s_yuyvU = Control(i => (4 * (i >> 1)) + 1);
    private static readonly Vector128<byte> s_yuyvV = Control(i => (4 * (i >> 1)) + 3);

    /// <summary>Converts rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>).</summary>
    // Fully optimised from the first call: the runtime rejects this method's ReadyToRun code (seen on an
    // AVX-512 machine with x86-64-v3 and -v4 images), and a short run's first frames would go through tier 0 and OSR.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ConvertRows(in YuvToXrgbFrame frame, YuvToRgbCoefficients k, int rowStart, int rowEnd)
    {
        var c = new Constants(k);
        var vectorEnd = frame.Width - (frame.Width % PixelsPerStep);
        for (var row = rowStart; row < rowEnd; row++)
        {
            var y = frame.Y + ((nint)row * frame.LumaPitch);
            var chromaRow = (nint)(row >> frame.ChromaRowShift);
            var u = frame.U + (chromaRow * frame.UPitch);
            var v = frame.V + (chromaRow * frame.VPitch);
            var d = frame.Destination + ((nint)row * frame.DestinationPitch);
            switch (frame.Layout)
            {
                case YuvSourceLayout.Nv12:
                    for (var x = 0; x < vectorEnd; x += PixelsPerStep)
                    {
                        var uv = Load8(u + x);
                        Convert(d + (4 * x), WidenBytes(y + x), Pick(uv, s_nv12U), Pick(uv, s_nv12V), c);
                    }

                    break;
                case YuvSourceLayout.Yu12:
                    for (var x = 0; x < vectorEnd; x += PixelsPerStep)
                    {
                        var chroma = Vector128.Create(Unsafe.ReadUnaligned<uint>(u + (x >> 1)), Unsafe.ReadUnaligned<uint>(v + (x >> 1)), 0u, 0u).AsByte();
                        Convert(d + (4 * x), WidenBytes(y + x), Pick(chroma, s_yu12U), Pick(chroma, s_yu12V), c);
                    }

                    break;
                default:
                    for (var x = 0; x < vectorEnd; x += PixelsPerStep)
                    {
                        var packed = Vector128.Load(y + (2 * x));
                        var luma = packed.AsInt16() & Vector128.Create((short)0xFF);
                        Convert(d + (4 * x), luma, Pick(packed, s_yuyvU), Pick(packed, s_yuyvV), c);
                    }

                    break;
            }

            if (vectorEnd < frame.Width)
            {
                ScalarYuvToXrgb.ConvertRow(frame, k, row, vectorEnd, frame.Width);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Convert(byte* destination, Vector128<short> y, Vector128<short> uHigh, Vector128<short> vHigh, in Constants c)
    {
        var u = uHigh ^ c.SignBit;
        var v = vHigh ^ c.SignBit;
        var luma = MultiplyHigh(y << 7, c.Ky) + c.Bias;
        var r = (luma + MultiplyHigh(v, c.Krv)) >> 5;
        var g = (luma + MultiplyHigh(u, c.Kgu) + MultiplyHigh(v, c.Kgv)) >> 5;
        var b = (luma + MultiplyHigh(u, c.Kbu)) >> 5;
        r = Vector128.Clamp(r, Vector128<short>.Zero, c.Max);
        g = Vector128.Clamp(g, Vector128<short>.Zero, c.Max);
        b = Vector128.Clamp(b, Vector128<short>.Zero, c.Max);
        var (bgLow, bgHigh) = Vector128.Widen((b | (g << 8)).AsUInt16());
        var (raLow, raHigh) = Vector128.Widen((r | c.Alpha).AsUInt16());
        (bgLow | (raLow << 16)).Store((uint*)destination);
        (bgHigh | (raHigh << 16)).Store((uint*)destination + Vector128<uint>.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Load8(byte* source) => Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(source)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> WidenBytes(byte* source) => Vector128.WidenLower(Load8(source)).AsInt16();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> Pick(Vector128<byte> source, Vector128<byte> control)
    {
        if (Ssse3.IsSupported)
        {
            return Ssse3.Shuffle(source, control).AsInt16();
        }

        return AdvSimd.Arm64.IsSupported
            ? AdvSimd.Arm64.VectorTableLookup(source, control).AsInt16()
            : Vector128.Shuffle(source, control).AsInt16();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<short> MultiplyHigh(Vector128<short> a, Vector128<short> b)
    {
        if (Sse2.IsSupported)
        {
            return Sse2.MultiplyHigh(a, b);
        }

        var (aLow, aHigh) = Vector128.Widen(a);
        var (bLow, bHigh) = Vector128.Widen(b);
        return Vector128.Narrow((aLow * bLow) >> 16, (aHigh * bHigh) >> 16);
    }

    /// <summary>A control that puts source byte <paramref name="source"/>(i) in the high byte of lane i, zero in the low byte (index 0x80 reads as zero everywhere).</summary>
    private static Vector128<byte> Control(Func<int, int> source)
    {
        var control = new byte[Vector128<byte>.Count];
        for (var i = 0; i < PixelsPerStep; i++)
        {
            control[2 * i] = 0x80;
            control[(2 * i) + 1] = (byte)source(i);
        }

        return Vector128.Create<byte>(control);
    }

    private readonly struct Constants(YuvToRgbCoefficients k)
    {
        public readonly Vector128<short> Ky = Vector128.Create(k.Ky14);
        public readonly Vector128<short> Krv = Vector128.Create(k.Krv13);
        public readonly Vector128<short> Kgu = Vector128.Create(k.Kgu13);
        public readonly Vector128<short> Kgv = Vector128.Create(k.Kgv13);
        public readonly Vector128<short> Kbu = Vector128.Create(k.Kbu13);
        public readonly Vector128<short> Bias = Vector128.Create(k.Bias5);
        public readonly Vector128<short> SignBit = Vector128.Create(unchecked((short)0x8000));
        public readonly Vector128<short> Alpha = Vector128.Create(unchecked((short)0xFF00));
        public readonly Vector128<short> Max = Vector128.Create((short)255);
    }
}
