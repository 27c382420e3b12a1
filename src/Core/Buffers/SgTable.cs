using System.Collections;
using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>A mapping's scatter-gather table, reused from one map to the next so that a steady cycle allocates nothing.</summary>
internal sealed class SgTable : IReadOnlyList<SgSegment>
{
    private SgSegment[] _items = new SgSegment[4];
    private int _count;

    public int Count => _count;

    public SgSegment this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                throw new ArgumentOutOfRangeException(nameof(index), index, $"the table has {_count} segments");
            }

            return _items[index];
        }
    }

    public ReadOnlySpan<SgSegment> AsSpan() => _items.AsSpan(0, _count);

    public void Clear() => _count = 0;

    public void Add(SgSegment segment)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _count * 2);
        }

        _items[_count++] = segment;
    }

    /// <summary>Adds the runs of <paramref name="placement"/>, in buffer order, split at <paramref name="maxSegmentSize"/>.</summary>
    public void AddRuns(PhysicalPlacement placement, long? maxSegmentSize)
    {
        var limit = maxSegmentSize ?? long.MaxValue;
        long offset = 0;
        foreach (var run in placement.Runs)
        {
            var address = run.Address;
            var remaining = Math.Min(run.Length, placement.Size - offset);
            while (remaining > 0)
            {
                var length = Math.Min(remaining, limit);
                Add(new SgSegment(address, length, offset));
                address += (ulong)length;
                offset += length;
                remaining -= length;
            }
        }
    }

    public IEnumerator<SgSegment> GetEnumerator()
    {
        for (var i = 0; i < _count; i++)
        {
            yield return _items[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
