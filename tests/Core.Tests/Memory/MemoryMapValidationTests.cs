using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Core.Tests.Memory;

/// <summary>
/// A memory map refuses two heaps with one name and two heaps that overlap, found in one sort
/// rather than by comparing every pair (a request file may describe many heaps).
/// </summary>
public sealed class MemoryMapValidationTests
{
    private static readonly MemoryZone s_zone = new("z", 0, 1UL << 40);

    [Fact]
    public void An_overlap_is_found_whatever_the_definition_order()
    {
        // b lies inside a; c is apart from both; defined out of base order.
        var a = Heap("a", 0, 1 << 24);
        var b = Heap("b", 1 << 20, 4096);
        var c = Heap("c", 1 << 25, 4096);

        var e = Assert.Throws<InvalidConstraintException>(() => new MemoryMap([c, a, b]));

        Assert.Equal("heaps.b.size", e.Property);
        Assert.Equal("4096 bytes at 0x100000 overlap heap a at 0x0 (16777216 bytes)", e.Reason);
    }

    [Fact]
    public void The_later_defined_heap_of_an_overlapping_pair_is_named()
    {
        var low = Heap("low", 0, 8192);
        var high = Heap("high", 4096, 8192);

        Assert.Equal("heaps.low.size", Assert.Throws<InvalidConstraintException>(() => new MemoryMap([high, low])).Property);
        Assert.Equal("heaps.high.size", Assert.Throws<InvalidConstraintException>(() => new MemoryMap([low, high])).Property);
    }

    [Fact]
    public void Touching_heaps_do_not_overlap_and_a_repeated_name_is_refused()
    {
        var map = new MemoryMap([Heap("a", 0, 4096), Heap("b", 4096, 4096)]);
        Assert.Equal(2, map.Heaps.Count);

        var e = Assert.Throws<InvalidConstraintException>(() => new MemoryMap([Heap("a", 0, 4096), Heap("a", 8192, 4096)]));
        Assert.Equal("heaps.a", e.Property);
    }

    [Fact]
    public void Many_heaps_are_validated()
    {
        var heaps = Enumerable.Range(0, 100_000).Select(i => Heap($"h{i}", (ulong)i * 8192, 4096)).Reverse().ToArray();

        Assert.Equal(100_000, new MemoryMap(heaps).Heaps.Count);
    }

    private static HeapDescription Heap(string name, ulong @base, long size) => new(name, HeapKind.Contiguous, s_zone, @base, size);
}
