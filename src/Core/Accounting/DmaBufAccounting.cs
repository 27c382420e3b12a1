using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
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

    /// <summary>Bytes of the buffers alive now (placed or not).</summary>
    public long LiveBytes
    {
        get
        {
            long bytes = 0;
            foreach (var buffer in _live.Values)
            {
                bytes += buffer.Size;
            }

            return bytes;
        }
    }

    /// <summary>The live buffers, like debugfs <c>bufinfo</c>, in id order.</summary>
    public IReadOnlyList<BufferInfo> Snapshot()
    {
        var list = new List<BufferInfo>(_live.Count);
        foreach (var buffer in _live.Values)
        {
            list.Add(buffer.Info());
        }

        list.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return list;
    }

    /// <summary>Live buffers and bytes, free bytes and the largest free block, per heap, in memory-map order.</summary>
    public IReadOnlyList<HeapUsage> HeapUsage() =>
        _heaps.Select(h => new HeapUsage(h.Name, h.Description.Kind, h.Description.Size, h.LiveBuffers, h.LiveBytes, h.FreeBytes,
            h.LargestFreeBlock)).ToArray();

    /// <summary>
    /// Every buffer still alive, with the stack trace of its export when leak tracking is on: at
    /// shutdown (or at the end of a test) these are the leaks.
    /// </summary>
    public IReadOnlyList<LeakReport> Leaks()
    {
        var leaks = new List<LeakReport>(_live.Count);
        foreach (var buffer in _live.Values)
        {
            leaks.Add(new LeakReport(buffer.Info(), buffer.ExportedAt));
        }

        leaks.Sort(static (a, b) => a.Buffer.Id.CompareTo(b.Buffer.Id));
        return leaks;
    }

    /// <summary>The listing as text, one line per buffer, like debugfs <c>bufinfo</c>.</summary>
    public string FormatBufInfo()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"id",5} {"size",12} {"exporter",-14} {"heap",-14} {"format",-12} {"segs",5} {"maps",4} {"refs",4} {"copied",12}  name / attachments");
        var buffers = Snapshot();
        foreach (var b in buffers)
        {
            var format = b.Format is null ? "-" : $"{b.Format}:{b.Modifier}";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{b.Id,5} {b.Size,12} {b.Exporter,-14} {b.Heap ?? "(unplaced)",-14} {format,-12} {b.Segments,5} {b.ActiveMappings,4} {b.References,4} {b.BytesCopied,12}  {b.Name} [{string.Join(", ", b.Attachments)}]");
        }

        text.AppendLine(CultureInfo.InvariantCulture,
            $"{buffers.Count} buffers, {buffers.Sum(b => b.Size)} bytes; {BytesCopied} bytes copied ({BounceBytes} bounce, {MigrationBytes} migration), {Migrations} migrations");
        return text.ToString();
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
