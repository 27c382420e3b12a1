using System.Collections.Concurrent;
using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Core.Accounting;

/// <summary>
/// What the core counts: bytes copied (bounce and migration), migrations, buffers exported and
/// released, live buffers and bytes per heap; and the registry of live buffers behind the listing
/// and the leak report. Counters are exact (interlocked) and monotonic except the live ones.
/// </summary>
/// <remarks>Thread safe.</remarks>
public sealed class DmaBufAccounting
{
    private readonly ConcurrentDictionary<long, DmaBuf> _live = new();
    private readonly DmaHeap[] _heaps;
    private long _bounceBytes;
    private long _migrationBytes;
    private long _migrations;
    private long _exported;
    private long _released;

    internal DmaBufAccounting(IEnumerable<DmaHeap> heaps) => _heaps = heaps.ToArray();

    /// <summary>Bytes copied by bounce buffers and migrations together (the run report's <c>bytesCopied</c>).</summary>
    public long BytesCopied => BounceBytes + MigrationBytes;

    /// <summary>Bytes copied into and out of bounce buffers.</summary>
    public long BounceBytes => Interlocked.Read(ref _bounceBytes);

    /// <summary>Bytes copied by migrations.</summary>
    public long MigrationBytes => Interlocked.Read(ref _migrationBytes);

    /// <summary>Migrations done.</summary>
    public long Migrations => Interlocked.Read(ref _migrations);

    /// <summary>Buffers created since the core was built.</summary>
    public long BuffersExported => Interlocked.Read(ref _exported);

    /// <summary>Buffers released since the core was built.</summary>
    public long BuffersReleased => Interlocked.Read(ref _released);

    /// <summary>Buffers alive now.</summary>
    public int LiveBuffers => _live.Count;

    internal IEnumerable<DmaBuf> Live => _live.Values;

    internal IReadOnlyList<DmaHeap> HeapList => _heaps;

    /// <summary>Live buffers whose <see cref="IDmaBuf.Exporter"/> is <paramref name="exporter"/>.</summary>
    /// <param name="exporter">An exporter name.</param>
    public int LiveBufferCount(string exporter)
    {
        ArgumentNullException.ThrowIfNull(exporter);
        var count = 0;
        foreach (var buffer in _live.Values)
        {
            if (string.Equals(buffer.Exporter, exporter, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }

    internal void Register(DmaBuf buffer)
    {
        _live[buffer.Id] = buffer;
        Interlocked.Increment(ref _exported);
    }

    internal void Unregister(DmaBuf buffer)
    {
        if (_live.TryRemove(buffer.Id, out _))
        {
            Interlocked.Increment(ref _released);
        }
    }

    internal void CountBounce(long bytes) => Interlocked.Add(ref _bounceBytes, bytes);

    internal void CountMigration(long bytes)
    {
        Interlocked.Increment(ref _migrations);
        Interlocked.Add(ref _migrationBytes, bytes);
    }
}
