using CsCheck;
using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Core.Tests.Memory;

/// <summary>Random allocate/free sequences on the scattered heaps' page allocator.</summary>
public sealed class PageAllocatorProperties
{
    // Each step: (allocate?, frames, alignment exponent, which live allocation to free).
    private static readonly Gen<(bool Allocate, int Frames, int AlignShift, int Victim)[]> s_steps =
        Gen.Select(Gen.Bool, Gen.Int[1, 300], Gen.Int[0, 4], Gen.Int[0, 1000]).Array[1, 120];

    [Fact]
    public void Allocations_never_overlap_stay_inside_and_coalesce_back_to_empty()
    {
        Gen.Select(s_steps, Gen.Int[0, 1000], Gen.Int[64, 3000]).Sample((steps, basePfn, pages) =>
        {
            var allocator = new PageAllocator(basePfn, pages);
            var owner = new int[pages];
            var live = new List<(int Id, List<(long Pfn, long Count)> Runs)>();
            var id = 0;
            foreach (var (allocate, frames, alignShift, victim) in steps)
            {
                if (allocate || live.Count == 0)
                {
                    var allocated = new List<PageRun>();
                    var align = 1L << alignShift;
                    var before = allocator.FreePages;
                    if (!allocator.TryAllocate(frames, align, allocated))
                    {
                        Assert.Empty(allocated);
                        Assert.Equal(before, allocator.FreePages);
                        // Refused only when it cannot be served: too few frames or no aligned free frame.
                        var alignedFree = Enumerable.Range(0, pages).Any(i => owner[i] == 0 && (basePfn + i) % align == 0);
                        Assert.True(frames > before || !alignedFree);
                        continue;
                    }

                    id++;
                    var runs = PageAllocatorTests.Frames(allocated);
                    Assert.Equal(frames, runs.Sum(r => r.Count));
                    Assert.Equal(0, runs[0].Pfn % align);
                    foreach (var (pfn, count) in runs)
                    {
                        Assert.InRange(pfn, basePfn, basePfn + pages - count);
                        for (var p = pfn; p < pfn + count; p++)
                        {
                            Assert.Equal(0, owner[p - basePfn]);
                            owner[p - basePfn] = id;
                            Assert.True(allocator.IsAllocated(p));
                        }
                    }

                    live.Add((id, runs));
                }
                else
                {
                    var (freedId, runs) = live[victim % live.Count];
                    live.RemoveAt(victim % live.Count);
                    allocator.Free(runs.Select(r => new PageRun((ulong)r.Pfn * 4096, r.Count * 4096)).ToArray());
                    foreach (var (pfn, count) in runs)
                    {
                        for (var p = pfn; p < pfn + count; p++)
                        {
                            Assert.Equal(freedId, owner[p - basePfn]);
                            owner[p - basePfn] = 0;
                        }
                    }
                }

                Assert.Equal(owner.Count(o => o == 0), allocator.FreePages);
            }

            foreach (var (_, runs) in live)
            {
                foreach (var (pfn, count) in runs)
                {
                    allocator.Free(pfn, count);
                }
            }

            Assert.Equal(pages, allocator.FreePages);
            var all = new List<PageRun>();
            Assert.True(allocator.TryAllocate(pages, 1, all));
            Assert.Equal([(basePfn, (long)pages)], PageAllocatorTests.Frames(all));
        }, iter: 300);
    }
}
