namespace PluggableDmaBuf.Host.Pipeline.Links;

/// <summary>
/// The copy-between-stages baseline (<c>Pipeline:CopyBetweenStages</c>): what a framework that cannot
/// share buffers does on a link. Every consumer gets a pool of its own buffers, one per slot of the
/// link, allocated for its device alone; when it takes a frame, the frame is copied, plane by plane and
/// row by row, from the shared buffer into the consumer's buffer, which is what the consumer then sees.
/// The copies are real and counted.
/// </summary>
/// <remarks>
/// Each consumer's buffers and counters are touched only by that consumer's thread (and, for a late
/// consumer, by the producer's thread before it joins), so nothing here is locked. The shared buffer
/// stays held by the consumer until it releases the frame, as without the copy: the baseline differs
/// from sharing by the copy alone.
/// </remarks>
internal sealed class LinkCopies
{
    private readonly IDmaBuf?[][] _buffers;
    private readonly DmaBufAttachment?[][] _attachments;
    private readonly DmaBufMapping?[][] _mappings;
    private readonly long[][] _copied;

    public LinkCopies(int depth, int consumers)
    {
        _buffers = new IDmaBuf?[depth][];
        _attachments = new DmaBufAttachment?[depth][];
        _mappings = new DmaBufMapping?[depth][];
        _copied = new long[depth][];
        for (var s = 0; s < depth; s++)
        {
            _buffers[s] = new IDmaBuf?[consumers];
            _attachments[s] = new DmaBufAttachment?[consumers];
            _mappings[s] = new DmaBufMapping?[consumers];
            _copied[s] = new long[consumers];
        }
    }

    /// <summary>Every copy buffer made so far.</summary>
    public IEnumerable<IDmaBuf> Buffers => _buffers.SelectMany(b => b).OfType<IDmaBuf>();

    /// <summary>Bytes copied into each copy buffer, by buffer id. Read after the run.</summary>
    public IReadOnlyDictionary<long, long> BytesCopiedByBuffer()
    {
        var bytes = new Dictionary<long, long>();
        for (var s = 0; s < _buffers.Length; s++)
        {
            for (var c = 0; c < _buffers[s].Length; c++)
            {
                if (_buffers[s][c] is { } buffer)
                {
                    bytes[buffer.Id] = _copied[s][c];
                }
            }
        }

        return bytes;
    }

    /// <summary>Bytes copied on the link, every consumer together. Read after the run.</summary>
    public long BytesCopied => _copied.Sum(slot => slot.Sum());

    /// <summary>
    /// Allocates consumer <paramref name="consumer"/>'s buffers, one per slot, placed for
    /// <paramref name="device"/> alone (a framework without sharing gives each element its own memory),
    /// and attaches the device; a failure half-way leaves what was made for <see cref="Dispose"/>.
    /// </summary>
    public void Create(int consumer, IBufferAllocator allocator, BufferRequest shared, DeviceDescription device, IEnumerable<string> usage, string linkName)
    {
        var request = BufferRequest.ForImage(shared.Width, shared.Height, shared.Formats, device.Name, [], usage);
        if (shared.Modifier is { } modifier)
        {
            request = request.WithModifier(modifier);
        }

        for (var s = 0; s < _buffers.Length; s++)
        {
            var buffer = _buffers[s][consumer] = allocator.Allocate(request, $"{linkName} #{s} copy for {device.Name}");
            _attachments[s][consumer] = buffer.Attach(device);
        }
    }

    /// <summary>
    /// Copies the frame of <paramref name="source"/> (the consumer's mapping of the shared buffer) into the
    /// consumer's buffer of <paramref name="slot"/> and returns that buffer, mapped for the consumer.
    /// </summary>
    public StageBuffer Copy(int slot, int consumer, StageBuffer source)
    {
        var buffer = _buffers[slot][consumer]!;
        var mapping = _attachments[slot][consumer]!.Value.Map(DmaDirection.Bidirectional);
        _mappings[slot][consumer] = mapping;
        _copied[slot][consumer] += CopyImage(source.Buffer!, source.GetLinearSpan(), buffer, mapping.GetLinearSpan());
        return new StageBuffer(buffer, mapping);
    }

    /// <summary>Unmaps the consumer's buffer of <paramref name="slot"/> when the consumer releases its frame.</summary>
    public void Unmap(int slot, int consumer)
    {
        if (_mappings[slot][consumer] is { } mapping)
        {
            _mappings[slot][consumer] = null;
            mapping.Unmap();
        }
    }

    /// <summary>Unmaps, detaches and drops every copy buffer, tolerating any state a failure left.</summary>
    public void Dispose()
    {
        for (var s = 0; s < _buffers.Length; s++)
        {
            for (var c = 0; c < _buffers[s].Length; c++)
            {
                if (_buffers[s][c] is not { } buffer)
                {
                    continue;
                }

                LinkTeardown.Release(ref _mappings[s][c], _attachments[s][c]);
                LinkTeardown.Drop(buffer);
            }
        }
    }

    /// <summary>
    /// The image's rows, plane by plane, from one layout into the other (their pitches may differ: each
    /// buffer is laid out for its own devices). Returns the bytes copied.
    /// </summary>
    private static long CopyImage(IDmaBuf from, ReadOnlySpan<byte> source, IDmaBuf to, Span<byte> destination)
    {
        var sourcePlanes = from.Planes;
        var destinationPlanes = to.Planes;
        if (sourcePlanes.Count != destinationPlanes.Count)
        {
            throw new InvalidOperationException($"{from.Name} has {sourcePlanes.Count} planes, its copy {to.Name} {destinationPlanes.Count}");
        }

        long copied = 0;
        for (var p = 0; p < sourcePlanes.Count; p++)
        {
            var (s, d) = (sourcePlanes[p], destinationPlanes[p]);
            var rowBytes = Math.Min(s.RowBytes, d.RowBytes);
            var rows = Math.Min(s.Rows, d.Rows);
            if (s.Pitch == d.Pitch)
            {
                // One block: the padding between rows comes along, but a single copy streams best.
                var length = (int)(((long)s.Pitch * (rows - 1)) + rowBytes);
                source.Slice((int)s.Offset, length).CopyTo(destination.Slice((int)d.Offset, length));
                copied += length;
                continue;
            }

            for (var r = 0; r < rows; r++)
            {
                source.Slice((int)(s.Offset + ((long)r * s.Pitch)), rowBytes).CopyTo(destination.Slice((int)(d.Offset + ((long)r * d.Pitch)), rowBytes));
            }

            copied += (long)rowBytes * rows;
        }

        return copied;
    }
}
