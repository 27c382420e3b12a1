using PluggableDmaBuf.Plugins.Gpu.Parallel;

namespace PluggableDmaBuf.Plugins.Gpu.Conversion;

/// <summary>
/// gpu0's colour conversion: NV12, YU12 or YUYV planes to one XRGB8888 (XR24) plane, for one
/// matrix and range, with a chosen kernel, split across cores by bands of rows. The padding byte of
/// each pixel is written as 0xFF, so the result is also a valid opaque AR24 image.
/// </summary>
/// <remarks>
/// Create one per stream and reuse it: the worker threads start once, and <see cref="Convert"/>
/// allocates nothing. One conversion at a time per instance (the gpu0 stage's thread); a second
/// concurrent call throws. Dispose to stop the worker threads.
/// </remarks>
internal sealed unsafe class YuvToXrgbConverter : IDisposable
{
    // NV12 16×2 (luma rows of 16 bytes, one chroma row) to XR24: the warm-up's frame.
    private static readonly PlaneLayout[] s_warmUpSource = [new(0, 16, 2, 16), new(32, 16, 1, 16)];
    private static readonly PlaneLayout s_warmUpTarget = new(0, 64, 2, 64);

    // One bit per ConversionKernel whose warm-up has been started.
    private static int s_warmedUp;

    private readonly RowBandWorker _worker;
    private readonly BandJob _job;

    /// <summary>Creates a converter.</summary>
    /// <param name="matrix">The source's matrix.</param>
    /// <param name="range">The source's range.</param>
    /// <param name="kernel">The implementation; <see cref="ConversionKernels.Best"/> when <c>null</c>.</param>
    /// <param name="degreeOfParallelism">Threads converting one frame, the caller included; <see cref="Environment.ProcessorCount"/> when 0.</param>
    public YuvToXrgbConverter(YuvMatrix matrix = YuvMatrix.Bt601, YuvRange range = YuvRange.Limited, ConversionKernel? kernel = null, int degreeOfParallelism = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(degreeOfParallelism);
        var chosen = kernel ?? ConversionKernels.Best;
        if (chosen is not (ConversionKernel.Scalar or ConversionKernel.Vector128 or ConversionKernel.Vector256))
        {
            throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "unknown kernel");
        }

        _job = new BandJob(YuvToRgbCoefficients.For(matrix, range), chosen);
        _worker = new RowBandWorker(degreeOfParallelism == 0 ? Environment.ProcessorCount : degreeOfParallelism, "gpu0");
        // Once a process for each kernel: after that its code is compiled.
        if (chosen != ConversionKernel.Scalar && (Interlocked.Or(ref s_warmedUp, 1 << (int)chosen) & (1 << (int)chosen)) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static job => WarmUp(job), new BandJob(_job.Coefficients, chosen), preferLocal: false);
        }
    }

    /// <summary>The source matrix.</summary>
    public YuvMatrix Matrix => _job.Coefficients.Matrix;

    /// <summary>The source range.</summary>
    public YuvRange Range => _job.Coefficients.Range;

    /// <summary>The kernel in use.</summary>
    public ConversionKernel Kernel => _job.Kernel;

    /// <summary>Threads converting one frame, the caller included.</summary>
    public int DegreeOfParallelism => _worker.DegreeOfParallelism;

    /// <summary>
    /// Converts one image from the planes of <paramref name="source"/> to the XR24 plane of
    /// <paramref name="destination"/>. Only the visible bytes of each destination row are written.
    /// </summary>
    /// <param name="sourceFormat">NV12, YU12 or YUYV.</param>
    /// <param name="width">Image width (even for YUYV).</param>
    /// <param name="height">Image height.</param>
    /// <param name="source">The source buffer (a CPU view of the mapped input dma-buf).</param>
    /// <param name="sourcePlanes">One layout per plane of <paramref name="sourceFormat"/>, as negotiated.</param>
    /// <param name="destination">The destination buffer; must not overlap the source planes.</param>
    /// <param name="destinationPlane">The XR24 plane's layout, as negotiated.</param>
    /// <exception cref="InvalidConstraintException">The format or size is not convertible.</exception>
    /// <exception cref="ArgumentException">A layout cannot hold the image in its buffer.</exception>
    /// <exception cref="InvalidOperationException">Another conversion is running on this instance.</exception>
    public void Convert(PixelFormat sourceFormat, int width, int height, ReadOnlySpan<byte> source, IReadOnlyList<PlaneLayout> sourcePlanes,
        Span<byte> destination, PlaneLayout destinationPlane)
    {
        var layout = ConversionGeometry.LayoutOf(sourceFormat);
        ConversionGeometry.Check(sourceFormat, width, height, source.Length, sourcePlanes, destination.Length, destinationPlane);
        fixed (byte* s = source)
        fixed (byte* d = destination)
        {
            _job.Frame = YuvToXrgbFrame.Create(layout, width, height, s, sourcePlanes, d, destinationPlane);
            try
            {
                // Four bands a thread balance the load when other stages share the cores; even
                // counts keep both rows of a 4:2:0 chroma row in one band.
                var bands = 4 * DegreeOfParallelism;
                var bandRows = Math.Max(2, ((height + bands - 1) / bands + 1) & ~1);
                _worker.Run(_job, height, bandRows);
            }
            finally
            {
                _job.Frame = default;
            }
        }
    }

    /// <summary>
    /// Converts a 16×2 frame with <paramref name="job"/>'s kernel, its own job and stack memory, so that
    /// the vector kernel (compiled fully optimised on its first call, which the runtime does not serve
    /// from precompiled code) is compiled while the pipeline starts rather than on its first frame. On
    /// the project's 2-core VM at 1920×1080 the first frame's conversion took 8–15 ms, the next ones 2 ms;
    /// with the warm-up a run's first frame came 4 ms sooner (median of 8 alternated pairs, 40.5 → 36.5 ms).
    /// </summary>
    private static unsafe void WarmUp(BandJob job)
    {
        var source = stackalloc byte[48];
        var target = stackalloc byte[128];
        job.Frame = YuvToXrgbFrame.Create(YuvSourceLayout.Nv12, 16, 2, source, s_warmUpSource, target, s_warmUpTarget);
        job.Execute(0, 2);
    }

    /// <summary>Stops the worker threads.</summary>
    public void Dispose() => _worker.Dispose();

    /// <summary>The per-frame state the bands share; the frame's pointers are valid only during <see cref="Convert"/>.</summary>
    private sealed class BandJob(YuvToRgbCoefficients coefficients, ConversionKernel kernel) : IRowBandJob
    {
        public YuvToRgbCoefficients Coefficients { get; } = coefficients;

        public ConversionKernel Kernel { get; } = kernel;

        public YuvToXrgbFrame Frame { get; set; }

        public void Execute(int rowStart, int rowEnd)
        {
            var frame = Frame;
            switch (Kernel)
            {
                case ConversionKernel.Vector256:
                    Vector256YuvToXrgb.ConvertRows(frame, Coefficients, rowStart, rowEnd);
                    break;
                case ConversionKernel.Vector128:
                    Vector128YuvToXrgb.ConvertRows(frame, Coefficients, rowStart, rowEnd);
                    break;
                default:
                    ScalarYuvToXrgb.ConvertRows(frame, Coefficients, rowStart, rowEnd);
                    break;
            }
        }
    }
}
