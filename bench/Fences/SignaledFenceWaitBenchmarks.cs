using BenchmarkDotNet.Attributes;
using PluggableDmaBuf.Core.Fences;

namespace PluggableDmaBuf.Benchmarks.Fences;

/// <summary>Target: waiting on a fence that has already signalled allocates nothing and takes under 100 ns.</summary>
[MemoryDiagnoser]
public class SignaledFenceWaitBenchmarks
{
    private IDmaFence _fence = null!;

    [GlobalSetup]
    public void Setup()
    {
        var timeline = FenceService.Instance.CreateTimeline("bench");
        _fence = timeline.CreateFence();
        timeline.Signal(_fence);
    }

    [Benchmark]
    public void Wait() => _fence.Wait();

    [Benchmark]
    public bool TryWait() => _fence.TryWait(TimeSpan.FromSeconds(1));

    [Benchmark]
    public void WaitAsync() => _fence.WaitAsync().GetAwaiter().GetResult();

    [Benchmark]
    public bool TryWaitAsync() => _fence.TryWaitAsync().GetAwaiter().GetResult();
}
