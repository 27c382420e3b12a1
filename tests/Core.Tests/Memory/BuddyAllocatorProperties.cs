using CsCheck;
using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Core.Tests.Memory;

/// <summary>Random allocate/free sequences on the contiguous heaps' buddy allocator.</summary>
public sealed class BuddyAllocatorProperties
{
    private static readonly Gen<(bool Allocate, int Frames, int AlignShift, int Victim)[]> s_steps =
        Gen.Select(Gen.Bool, Gen.Int[1, 200], Gen.Int[0, 5], Gen.Int[0, 1000]).Array[1, 120];

    [Fact]
    public void Blocks_never_overlap_stay_inside_are_aligned_and_coalesce_back_to_the_initial_blocks()
    {
        Gen.Select(s_steps, Gen.Int[0, 2000], Gen.Int[1, 2500]).Sample((steps, basePfn, pages) =>
        {
            var allocator = new BuddyAllocator(basePfn, pages);
            var initial = Enumerable.Range(0, allocator.MaxOrder + 1).Select(allocator.FreeBlocks).ToArray();
            var owner = new int[pages];
            var live = new List<(int Id, long Pfn, long Count)>();
            var id = 0;
            foreach (var (allocate, frames, alignShift, victim) in steps)
            {
                if (allocate || live.Count == 0)
                {
                    var align = 1L << alignShift;
                    var pfn = allocator.TryAllocate(frames, align);
                    if (pfn < 0)
                    {
                        var order = Math.Max(BuddyAllocator.OrderFor(frames), alignShift);
                        Assert.True(allocator.LargestFreeBlockPages < 1L << order);
                        continue;
                    }

                    id++;
                    Assert.Equal(0, pfn % align);
                    Assert.InRange(pfn, basePfn, basePfn + pages - frames);
                    for (var p = pfn; p < pfn + frames; p++)
                    {
                        Assert.Equal(0, owner[p - basePfn]);
                        owner[p - basePfn] = id;
                    }

                    live.Add((id, pfn, frames));
                }
                else
                {
                    var (freedId, pfn, count) = live[victim % live.Count];
                    live.RemoveAt(victim % live.Count);
                    allocator.Free(pfn, count);
                    for (var p = pfn; p < pfn + count; p++)
                    {
                        Assert.Equal(freedId, owner[p - basePfn]);
                        owner[p - basePfn] = 0;
                    }
                }

                Assert.Equal(owner.Count(o => o == 0), allocator.FreePages);
            }

            foreach (var (_, pfn, count) in live)
            {
                allocator.Free(pfn, count);
            }

            Assert.Equal(pages, allocator.FreePages);
            Assert.Equal(initial, Enumerable.Range(0, allocator.MaxOrder + 1).Select(allocator.FreeBlocks).ToArray());
        }, iter: 300);
    }
}
