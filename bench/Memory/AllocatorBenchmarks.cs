using System.Buffers;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Benchmarks.Memory;

/// <summary>
/// Allocating and freeing 8 MiB of placement in a scattered heap (page allocator over the 16 GiB
/// <c>system</c> heap, fresh and fragmented) and in a contiguous one (buddy allocator over the
/// 256 MiB <c>cma</c>), beside <see cref="ArrayPool{T}.Shared"/> rent/return and
/// <see cref="NativeMemory.AlignedAlloc"/>/free of the same size, so the ratio shows the framework's
/// overhead. Targets: scattered at most 20 µs, contiguous at most 2 µs.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class AllocatorBenchmarks
{
    private const int Size = 8 << 20;
    private const int PageSize = 4096;

    private readonly List<PageRun> _runs = new(4096);
    private DmaHeap _system = null!;
    private DmaHeap _fragmented = null!;
    private DmaHeap _cma = null!;

    [GlobalSetup]
    public void Setup()
    {
        var map = MemoryMap.SystemDefault;
        _system = new DmaHeap(map.Find("system")!);
        _cma = new DmaHeap(map.Find("cma")!);

        // Fragmented: the first 16 MiB of the heap alternate used and free pages, so 8 MiB takes
        // 2048 single-page runs.
        _fragmented = new DmaHeap(map.Find("system")!);
        var pages = new List<PageRun>();
        for (var i = 0; i < 2 * (Size / PageSize); i++)
        {
            _fragmented.TryAllocate(PageSize, PageSize, pages);
        }

        for (var i = 0; i < pages.Count; i += 2)
        {
            _fragmented.Free([pages[i]]);
        }

        _runs.Clear();
        _fragmented.TryAllocate(Size, PageSize, _runs);
        if (_runs.Count != Size / PageSize)
        {
            throw new InvalidOperationException($"the fragmented heap gave {_runs.Count} runs, not {Size / PageSize}");
        }

        _fragmented.Free(CollectionsMarshal.AsSpan(_runs));
    }

    [Benchmark(Baseline = true)]
    public unsafe void NativeAlignedAllocFree()
    {
        var pointer = NativeMemory.AlignedAlloc(Size, PageSize);
        NativeMemory.AlignedFree(pointer);
    }

    [Benchmark]
    public void ArrayPoolRentReturn()
    {
        var array = ArrayPool<byte>.Shared.Rent(Size);
        ArrayPool<byte>.Shared.Return(array);
    }

    [Benchmark]
    public int ScatteredAllocFree() => AllocFree(_system);

    [Benchmark]
    public int ScatteredAllocFreeFragmented() => AllocFree(_fragmented);

    [Benchmark]
    public int ContiguousAllocFree() => AllocFree(_cma);

    private int AllocFree(DmaHeap heap)
    {
        _runs.Clear();
        if (!heap.TryAllocate(Size, PageSize, _runs))
        {
            throw new InvalidOperationException($"{heap} is full");
        }

        heap.Free(CollectionsMarshal.AsSpan(_runs));
        return _runs.Count;
    }
}
