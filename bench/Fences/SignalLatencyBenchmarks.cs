using BenchmarkDotNet.Attributes;
using PluggableDmaBuf.Core.Fences;

namespace PluggableDmaBuf.Benchmarks.Fences;

/// <summary>
/// Targets: signal-to-callback under 1 µs; signal-to-wake of an async waiter under 20 µs median.
/// Each operation is a whole cycle — create a fence, register the callback or start the async wait,
/// signal, and observe the callback or the resumed continuation — so the figure is an upper bound of
/// the signal-to-wake part; <see cref="Create_and_signal"/> is the part common to all.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class SignalLatencyBenchmarks
{
    private static readonly FenceCallback s_count = static (_, state) => ((Counter)state!).Value++;

    private readonly Counter _counter = new();
    private IFenceTimeline _timeline = null!;

    [GlobalSetup]
    public void Setup() => _timeline = FenceService.Instance.CreateTimeline("bench");

    [Benchmark(Baseline = true)]
    public void Create_and_signal() => _timeline.Signal(_timeline.CreateFence());

    [Benchmark]
    public int Signal_to_callback()
    {
        var fence = _timeline.CreateFence();
        fence.TryAddCallback(s_count, _counter);
        _timeline.Signal(fence);
        return _counter.Value;
    }

    [Benchmark]
    public int Signal_to_async_wake()
    {
        var fence = _timeline.CreateFence();
        var woken = Wake(fence, _counter);
        _timeline.Signal(fence);
        woken.GetAwaiter().GetResult();
        return _counter.Value;
    }

    [Benchmark]
    public int Signal_to_async_wake_without_timeout()
    {
        var fence = _timeline.CreateFence();
        var woken = WakeWithoutTimeout(fence, _counter);
        _timeline.Signal(fence);
        woken.GetAwaiter().GetResult();
        return _counter.Value;
    }

    private static async Task Wake(IDmaFence fence, Counter counter)
    {
        await fence.WaitAsync().ConfigureAwait(false);
        counter.Value++;
    }

    private static async Task WakeWithoutTimeout(IDmaFence fence, Counter counter)
    {
        await fence.WaitAsync(Timeout.InfiniteTimeSpan).ConfigureAwait(false);
        counter.Value++;
    }

    private sealed class Counter
    {
        public int Value;
    }
}
