using BenchmarkDotNet.Attributes;
using PluggableDmaBuf.Plugins.Gpu.Conversion;

namespace PluggableDmaBuf.Benchmarks.Media;

/// <summary>
/// gpu0's colour conversion of one 1920×1080 NV12 frame to XR24 (BT.601 limited): the scalar
/// reference, the 128- and 256-bit kernels on one thread, and the 256-bit kernel split across every
/// core. Run with <c>dotnet run -c Release --project bench -- --filter '*ColourConversion*'</c>.
/// </summary>
[MemoryDiagnoser]
public class ColourConversionBenchmarks
{
    private const int Width = 1920;
    private const int Height = 1080;

    private readonly PlaneLayout[] _planes = [new(0, Width, Height, Width), new(Width * Height, Width, Height / 2, Width)];
    private readonly PlaneLayout _target = new(0, 4 * Width, Height, 4 * Width);
    private byte[] _source = [];
    private byte[] _destination = [];
    private YuvToXrgbConverter _scalar = null!;
    private YuvToXrgbConverter _vector128 = null!;
    private YuvToXrgbConverter _vector256 = null!;
    private YuvToXrgbConverter _parallel = null!;

    [GlobalSetup]
    public void Setup()
    {
        _source = new byte[Width * Height * 3 / 2];
        new Random(1080).NextBytes(_source);
        _destination = new byte[_target.Length];
        _scalar = new YuvToXrgbConverter(kernel: ConversionKernel.Scalar, degreeOfParallelism: 1);
        _vector128 = new YuvToXrgbConverter(kernel: ConversionKernel.Vector128, degreeOfParallelism: 1);
        _vector256 = new YuvToXrgbConverter(kernel: ConversionKernel.Vector256, degreeOfParallelism: 1);
        _parallel = new YuvToXrgbConverter(kernel: ConversionKernel.Vector256, degreeOfParallelism: Environment.ProcessorCount);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _scalar.Dispose();
        _vector128.Dispose();
        _vector256.Dispose();
        _parallel.Dispose();
    }

    [Benchmark(Baseline = true, Description = "scalar, 1 thread")]
    public void Scalar() => _scalar.Convert(PixelFormat.NV12, Width, Height, _source, _planes, _destination, _target);

    [Benchmark(Description = "Vector128, 1 thread")]
    public void Vector128SingleThread() => _vector128.Convert(PixelFormat.NV12, Width, Height, _source, _planes, _destination, _target);

    [Benchmark(Description = "Vector256, 1 thread")]
    public void Vector256SingleThread() => _vector256.Convert(PixelFormat.NV12, Width, Height, _source, _planes, _destination, _target);

    [Benchmark(Description = "Vector256, all cores")]
    public void Vector256Parallel() => _parallel.Convert(PixelFormat.NV12, Width, Height, _source, _planes, _destination, _target);
}
