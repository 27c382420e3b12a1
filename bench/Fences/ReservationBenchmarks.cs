using BenchmarkDotNet.Attributes;
using PluggableDmaBuf.Core.Reservations;

namespace PluggableDmaBuf.Benchmarks.Fences;

/// <summary>
/// Target: adding and querying fences on an uncontended reservation allocates nothing and takes
/// under 100 ns. The reservation holds what a pipeline buffer holds: the producer's latest write
/// fence (each new one supersedes the last) and a consumer's read fence, both pending.
/// </summary>
[MemoryDiagnoser]
public class ReservationBenchmarks
{
    private const int Writes = 4096;

    private readonly DmaReservation _reservation = new();
    private readonly List<IDmaFence> _found = new(8);
    private IDmaFence[] _writes = null!;
    private IDmaFence _read = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var writer = PluggableDmaBuf.Core.Fences.FenceService.Instance.CreateTimeline("gpu0");
        var reader = PluggableDmaBuf.Core.Fences.FenceService.Instance.CreateTimeline("display0");
        _writes = new IDmaFence[Writes];
        for (var i = 0; i < Writes; i++)
        {
            _writes[i] = writer.CreateFence();
        }

        _read = reader.CreateFence();
        _reservation.Add(_read, FenceUsage.Read);
        _reservation.Add(_writes[0], FenceUsage.Write);
    }

    [Benchmark]
    public void Add_write_superseding_the_last()
    {
        _next = (_next + 1) & (Writes - 1);
        _reservation.Add(_writes[_next], FenceUsage.Write);
    }

    [Benchmark]
    public void Add_read_already_held() => _reservation.Add(_read, FenceUsage.Read);

    [Benchmark]
    public int GetFences_for_write()
    {
        _found.Clear();
        return _reservation.GetFences(FenceUsage.Read, _found);
    }

    [Benchmark]
    public bool IsSignaled_for_read() => _reservation.IsSignaled(FenceUsage.Write);

    [Benchmark]
    public void Wait_with_nothing_pending_at_kernel_level() => _reservation.Wait(FenceUsage.Kernel);
}
