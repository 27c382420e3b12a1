using PluggableDmaBuf.Core.Reservations;
using PluggableDmaBuf.Core.Tests.Fences;

namespace PluggableDmaBuf.Core.Tests.Reservations;

/// <summary>Adding and querying fences on an uncontended reservation must not allocate once it holds its working set.</summary>
public sealed class UncontendedAllocationTests
{
    [Fact]
    public void Adding_querying_and_idle_waits_allocate_nothing()
    {
        var reservation = new DmaReservation();
        var writer = FenceTestKit.Timeline("gpu0");
        var reader = FenceTestKit.Timeline("display0");
        var writes = Enumerable.Range(0, 1001).Select(_ => writer.CreateFence()).ToArray();
        var read = reader.CreateFence();
        var found = new List<IDmaFence>(8);
        reservation.Add(read, FenceUsage.Read);
        Cycle(reservation, writes[0], read, found);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1; i < writes.Length; i++)
        {
            Cycle(reservation, writes[i], read, found);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(2, reservation.Count);
    }

    [Fact]
    public void Pruning_signalled_fences_allocates_nothing()
    {
        var reservation = new DmaReservation();
        var timelines = Enumerable.Range(0, 4).Select(i => FenceTestKit.Timeline($"t{i}")).ToArray();
        var fences = timelines.Select(t => Enumerable.Range(0, 200).Select(_ => t.CreateFence()).ToArray()).ToArray();
        var before = 0L;

        for (var round = 0; round < 200; round++)
        {
            if (round == 1)
            {
                before = GC.GetAllocatedBytesForCurrentThread();
            }

            for (var t = 0; t < timelines.Length; t++)
            {
                reservation.Add(fences[t][round], FenceUsage.Write);
            }

            foreach (var timeline in timelines)
            {
                timeline.Advance();
            }

            reservation.WaitForCpuWrite();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(0, reservation.Count);
    }

    private static void Cycle(DmaReservation reservation, IDmaFence write, IDmaFence read, List<IDmaFence> found)
    {
        reservation.Add(write, FenceUsage.Write);
        reservation.Add(read, FenceUsage.Read);
        found.Clear();
        reservation.GetFences(FenceUsage.Read, found);
        _ = reservation.IsSignaled(FenceUsage.Kernel);

        // Nothing is pending at the kernel level: the idle waits return at once.
        reservation.Wait(FenceUsage.Kernel);
        _ = reservation.WaitAsync(FenceUsage.Kernel).IsCompletedSuccessfully;
    }
}
