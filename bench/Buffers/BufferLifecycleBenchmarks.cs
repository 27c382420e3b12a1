using BenchmarkDotNet.Attributes;
using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Negotiation;

namespace PluggableDmaBuf.Benchmarks.Buffers;

/// <summary>
/// The lifecycle of a recycled buffer (one a pipeline link keeps and passes around): get, attach two
/// devices (a GPU behind an IOMMU, a display without one), map both, unmap, detach, put. Target: at
/// most 2 µs median and no managed allocation.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class BufferLifecycleBenchmarks
{
    private readonly DeviceDescription _gpu = new("gpu0", hasIommu: true, addressBits: 48, alignment: 65536, pitchAlignment: 64,
        heaps: ["system", "system-dma32", "cma", "gpu0-vram"]);

    private readonly DeviceDescription _display = new("display0", addressBits: 32, maxSegments: 1, pitchAlignment: 256);
    private DmaBufCore _core = null!;
    private IDmaBuf _buffer = null!;
    private NegotiatedPlacement _placement = null!;

    [GlobalSetup]
    public void Setup()
    {
        _core = new DmaBufCore(MemoryMap.NegotiateDefault, new DmaBufCoreOptions { Strict = true, TrackLeaks = false });
        _placement = NegotiationEngine.Instance.Negotiate(BufferRequest.ForImage(1920, 1080, [PixelFormat.XR24], "gpu0"),
            [_gpu, _display], _core.Heaps).GetPlacementOrThrow();
        _buffer = _core.Allocate(_placement, "recycled");
    }

    [GlobalCleanup]
    public void Cleanup() => _buffer.Put();

    /// <summary>Attach two devices, map both, unmap, detach, drop: the steady per-frame cycle.</summary>
    [Benchmark]
    public void RecycledBufferCycle()
    {
        var buffer = _buffer;
        buffer.Get();
        var gpu = buffer.Attach(_gpu);
        var display = buffer.Attach(_display);
        var written = gpu.Map(DmaDirection.FromDevice);
        var scanned = display.Map(DmaDirection.ToDevice);
        scanned.Unmap();
        written.Unmap();
        display.Detach();
        gpu.Detach();
        buffer.Put();
    }

    /// <summary>For scale: a new 1080p XR24 buffer, placed in cma with memfd storage, then released.</summary>
    [Benchmark]
    public void AllocateAndReleaseWithMemfd() => _core.Allocate(_placement).Put();
}
