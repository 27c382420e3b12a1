using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PluggableDmaBuf.Plugins.Gpu.Conversion;

/// <summary>
/// The 256-bit kernel: 16 pixels a step in 16-bit lanes (see <see cref="YuvToRgbCoefficients"/> for
/// the fixed-point scheme). Chroma is brought to one sample per pixel with a byte shuffle that puts
/// each sample in the high byte of its lane, which is already the <c>C &lt;&lt; 8</c> the arithmetic
/// wants. Uses AVX2 where present; otherwise the portable <see cref="Vector256"/> operations, which
/// are correct everywhere and fast where 256-bit vectors are accelerated. The last
/// <c>width mod 16</c> pixels of a row go through <see cref="ScalarYuvToXrgb"/>.
/// </summary>
internal static unsafe class Vector256YuvToXrgb
{
    /// <summary>Pixels converted per vector step.</summary>
    public const int PixelsPerStep = 16;

    // Shuffle controls, in AVX2's per-128-bit-lane form and in Vector256.Shuffle's whole-vector
    // form. NV12 and YU12 load 16 chroma bytes and broadcast them to both lanes; YUYV loads 32.
    private static readonly Vector256<byte> s_nv12ULane = Control(i => i & ~1, broadcast: true, perLane: true);
    private static readonly Vector256<byte> s_nv12UFull = Control(i => i & ~1, broadcast: true, perLane: false);
    private static readonly Vector256<byte> s_nv12VLane = Control(i => (i & ~1) + 1, broadcast: true, perLane: true);
    private static readonly Vector256<byte> s_nv12VFull = Control(i => (i & ~1) + 1, broadcast: true, perLane: false);
    private static readonly Vector256<byte> s_yu12ULane = Control(i => i >> 1, broadcast: true, perLane: true);
    private static readonly Vector256<byte> s_yu12UFull = Control(i => i >> 1, broadcast: true, perLane: false);
    private static readonly Vector256<byte> s_yu12VLane = Control(i => 8 + (i >> 1), broadcast: true, perLane: true);
    private static readonly Vector256<byte> s_yu12VFull = Control(i => 8 + (i >> 1), broadcast: true, perLane: false);
    private static readonly Vector256<byte> s_yuyvULane = Control(i => (4 * (i >> 1)) + 1, broadcast: false, perLane: true);
    private static readonly Vector256<byte> s_yuyvUFull = Control(i => (4 * (i >> 1)) + 1, broadcast: false, perLane: false);
    private static readonly Vector256<byte> s_yuyvVLane = Control(i => (4 * (i >> 1)) + 3, broadcast: false, perLane: true);
    private static readonly Vector256<byte> s_yuyvVFull = Control(i => (4 * (i >> 1)) + 3, broadcast: false, perLane: false);

    /// <summary>Converts rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>).</summary>
    public static void ConvertRows(in YuvToXrgbFrame frame, YuvToRgbCoefficients k, int rowStart, int rowEnd)
    {
        if (Streams(frame))
        {
            ConvertRows<StreamingStores>(frame, k, rowStart, rowEnd);
            // Streaming stores are weakly ordered: visible to every core before the band is reported done.
            Sse.StoreFence();
        }
        else
        {
            ConvertRows<CachedStores>(frame, k, rowStart, rowEnd);
        }
    }

    /// <summary>
    /// Destination planes from this size up are written with streaming (non-temporal) stores, which
    /// skip reading each cache line before it is overwritten and leave the caches to the source.
    /// Measured on the project's 2-core VM (2 MiB of L2 a core), alternated, 3 runs each: 3840×2160
    /// (33 MB a frame) 104 → 124 fps, while 1920×1080 (8 MB) fell 611 → 553 fps — a frame that small
    /// is still in cache when the display reads it, and streaming it out makes that read go to memory.
    /// </summary>
    internal const long StreamingThreshold = 16L << 20;

    /// <summary>Whether <paramref name="frame"/>'s destination is written with streaming stores: large enough, and 32-byte aligned in every row.</summary>
    internal static bool Streams(in YuvToXrgbFrame frame) =>
        Avx.IsSupported && ((nint)frame.Destination & 31) == 0 && (frame.DestinationPitch & 31) == 0
        && (long)frame.DestinationPitch * frame.Height >= StreamingThreshold;

    // Fully optimised from the first call: the runtime rejects this method's ReadyToRun code (seen on an
    // AVX-512 machine with x86-64-v3 and -v4 images), and a short run's first frames would go through tier 0 and OSR.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ConvertRows<TStores>(in YuvToXrgbFrame frame, YuvToRgbCoefficients k, int rowStart, int rowEnd)
        where TStores : struct, IStores
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
                        var uv = Vector128.Load(u + x);
                        var both = Vector256.Create(uv, uv);
                        Convert<TStores>(d + (4 * x), WidenBytes(y + x), Pick(both, s_nv12ULane, s_nv12UFull), Pick(both, s_nv12VLane, s_nv12VFull), c);
                    }

                    break;
                case YuvSourceLayout.Yu12:
                    for (var x = 0; x < vectorEnd; x += PixelsPerStep)
                    {
                        var chroma = Vector128.Create(Unsafe.ReadUnaligned<ulong>(u + (x >> 1)), Unsafe.ReadUnaligned<ulong>(v + (x >> 1))).AsByte();
                        var both = Vector256.Create(chroma, chroma);
                        Convert<TStores>(d + (4 * x), WidenBytes(y + x), Pick(both, s_yu12ULane, s_yu12UFull), Pick(both, s_yu12VLane, s_yu12VFull), c);
                    }

                    break;
                default:
                    for (var x = 0; x < vectorEnd; x += PixelsPerStep)
                    {
                        var packed = Vector256.Load(y + (2 * x));
                        var luma = packed.AsInt16() & Vector256.Create((short)0xFF);
                        Convert<TStores>(d + (4 * x), luma, Pick(packed, s_yuyvULane, s_yuyvUFull), Pick(packed, s_yuyvVLane, s_yuyvVFull), c);
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
    private static void Convert<TStores>(byte* destination, Vector256<short> y, Vector256<short> uHigh, Vector256<short> vHigh, in Constants c)
        where TStores : struct, IStores
    {
        // C << 8 with the sign bit flipped is (C − 128) << 8 as a signed 16-bit value.
        var u = uHigh ^ c.SignBit;
        var v = vHigh ^ c.SignBit;
        var luma = MultiplyHigh(y << 7, c.Ky) + c.Bias;
        var r = (luma + MultiplyHigh(v, c.Krv)) >> 5;
        var g = (luma + MultiplyHigh(u, c.Kgu) + MultiplyHigh(v, c.Kgv)) >> 5;
        var b = (luma + MultiplyHigh(u, c.Kbu)) >> 5;
        r = Vector256.Clamp(r, Vector256<short>.Zero, c.Max);
        g = Vector256.Clamp(g, Vector256<short>.Zero, c.Max);
        b = Vector256.Clamp(b, Vector256<short>.Zero, c.Max);

        // Little-endian XRGB8888: the 16-bit pairs (B | G << 8) and (R | 0xFF << 8) make one pixel.
        var (bgLow, bgHigh) = Vector256.Widen((b | (g << 8)).AsUInt16());
        var (raLow, raHigh) = Vector256.Widen((r | c.Alpha).AsUInt16());
        TStores.Store(bgLow | (raLow << 16), (uint*)destination);
        TStores.Store(bgHigh | (raHigh << 16), (uint*)destination + Vector256<uint>.Count);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> WidenBytes(byte* source) =>
        Vector256.WidenLower(Vector128.Load(source).ToVector256Unsafe()).AsInt16();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Pick(Vector256<byte> source, Vector256<byte> perLane, Vector256<byte> whole) =>
        (Avx2.IsSupported ? Avx2.Shuffle(source, perLane) : Vector256.Shuffle(source, whole)).AsInt16();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> MultiplyHigh(Vector256<short> a, Vector256<short> b)
    {
        if (Avx2.IsSupported)
        {
            return Avx2.MultiplyHigh(a, b);
        }

        var (aLow, aHigh) = Vector256.Widen(a);
        var (bLow, bHigh) = Vector256.Widen(b);
        return Vector256.Narrow((aLow * bLow) >> 16, (aHigh * bHigh) >> 16);
    }

    /// <summary>
    /// A shuffle control that puts source byte <paramref name="source"/>(i) in the high byte of
    /// 16-bit lane i and zero in its low byte. <paramref name="broadcast"/>: the 16 source bytes are
    /// repeated in both 128-bit halves; otherwise the source is 32 distinct bytes, each half serving
    /// its own lanes. <paramref name="perLane"/>: indices relative to the 128-bit half (AVX2's vpshufb).
    /// </summary>
    private static Vector256<byte> Control(Func<int, int> source, bool broadcast, bool perLane)
    {
        var control = new byte[Vector256<byte>.Count];
        for (var i = 0; i < PixelsPerStep; i++)
        {
            var half = i >= PixelsPerStep / 2 ? Vector128<byte>.Count : 0;
            var index = source(i);
            control[2 * i] = 0x80;
            control[(2 * i) + 1] = (byte)(broadcast == perLane ? index : perLane ? index - half : index + half);
        }

        return Vector256.Create<byte>(control);
    }

    /// <summary>The broadcast coefficients, built once per call so the loop keeps them in registers.</summary>
    private readonly struct Constants(YuvToRgbCoefficients k)
    {
        public readonly Vector256<short> Ky = Vector256.Create(k.Ky14);
        public readonly Vector256<short> Krv = Vector256.Create(k.Krv13);
        public readonly Vector256<short> Kgu = Vector256.Create(k.Kgu13);
        public readonly Vector256<short> Kgv = Vector256.Create(k.Kgv13);
        public readonly Vector256<short> Kbu = Vector256.Create(k.Kbu13);
        public readonly Vector256<short> Bias = Vector256.Create(k.Bias5);
        public readonly Vector256<short> SignBit = Vector256.Create(unchecked((short)0x8000));
        public readonly Vector256<short> Alpha = Vector256.Create(unchecked((short)0xFF00));
        public readonly Vector256<short> Max = Vector256.Create((short)255);
    }

    private interface IStores
    {
        static abstract void Store(Vector256<uint> value, uint* destination);
    }

    private readonly struct CachedStores : IStores
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector256<uint> value, uint* destination) => value.Store(destination);
    }

    private readonly struct StreamingStores : IStores
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(Vector256<uint> value, uint* destination) => Avx.StoreAlignedNonTemporal(destination, value);
    }
}
