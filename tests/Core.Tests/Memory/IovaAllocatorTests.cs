using CsCheck;
using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Core.Tests.Memory;

public sealed class IovaAllocatorTests
{
    [Fact]
    public void Ranges_are_handed_out_top_down_below_the_limit()
    {
        var iova = new IovaAllocator("gpu0", (1UL << 32) - 1);

        Assert.True(iova.TryAllocate(8 << 20, 4096, out var first));
        Assert.True(iova.TryAllocate(4096, 65536, out var second));

        Assert.Equal((1UL << 32) - (8 << 20), first);
        Assert.Equal(0UL, second % 65536);
        Assert.True(second + 4096 <= first);
    }

    [Fact]
    public void A_full_space_refuses_and_a_freed_range_is_reused()
    {
        var iova = new IovaAllocator("dev", (1UL << 20) - 1);
        Assert.True(iova.TryAllocate((1 << 20) - 4096, 4096, out var all));
        Assert.Equal(4096UL, all);
        Assert.False(iova.TryAllocate(4096, 4096, out _));

        iova.Free(all);

        Assert.True(iova.TryAllocate(4096, 4096, out var again));
        Assert.Equal((1UL << 20) - 4096, again);
        Assert.Throws<InvalidOperationException>(() => iova.Free(all));
    }

    [Fact]
    public void Random_ranges_never_overlap_and_stay_within_the_address_bits()
    {
        Gen.Select(Gen.Int[13, 24], Gen.Select(Gen.Bool, Gen.Int[1, 64], Gen.Int[0, 3], Gen.Int[0, 100]).Array[1, 80]).Sample((bits, steps) =>
        {
            var limit = (1UL << bits) - 1;
            var iova = new IovaAllocator("dev", limit);
            var live = new List<(ulong Start, ulong Length)>();
            foreach (var (allocate, pages, alignShift, victim) in steps)
            {
                if (allocate || live.Count == 0)
                {
                    var length = (ulong)pages * 4096;
                    if (iova.TryAllocate((long)length, 4096L << alignShift, out var start))
                    {
                        Assert.Equal(0UL, start % (4096UL << alignShift));
                        Assert.True(start >= 4096 && start + length - 1 <= limit);
                        Assert.DoesNotContain(live, r => start < r.Start + r.Length && r.Start < start + length);
                        live.Add((start, length));
                    }
                }
                else
                {
                    var index = victim % live.Count;
                    iova.Free(live[index].Start);
                    live.RemoveAt(index);
                }
            }

            Assert.Equal(live.Count, iova.LiveRanges);
        }, iter: 300);
    }
}
