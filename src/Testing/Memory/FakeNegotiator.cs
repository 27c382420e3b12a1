namespace PluggableDmaBuf.Testing.Memory;

/// <summary>
/// A small, independent <see cref="INegotiator"/> for tests of a central allocator: it merges the
/// participants' constraints the way the host does — alignments and pitch alignments by least common
/// multiple, segment and address limits by minimum (devices behind an IOMMU impose none), the first
/// format in the exporter's order that every participant takes, with the first modifier they all
/// take — and picks the first heap every participant reaches that satisfies the limits and has room
/// (heaps owned by a participant first, then the others in the given order). A heap must lie wholly
/// below the address limit, and a scattered heap counts one segment per page.
/// </summary>
/// <remarks>Stateless and thread safe. A conflict names the constraint and the devices involved.</remarks>
public sealed class FakeNegotiator : INegotiator
{
    private const long PageSize = DeviceDescription.PageSize;

    /// <inheritdoc />
    public NegotiationResult Negotiate(BufferRequest request, IReadOnlyList<DeviceDescription> participants,
        IReadOnlyList<HeapDescription> heaps, Func<HeapDescription, long>? largestFree = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(heaps);
        if (participants.Count == 0)
        {
            throw new InvalidConstraintException("devices", "at least one device must take part");
        }

        var exporter = request.Exporter is null
            ? participants[0]
            : participants.FirstOrDefault(d => d.Name == request.Exporter)
                ?? throw new InvalidConstraintException("request.exporter", $"'{request.Exporter}' is not one of the devices ({string.Join(", ", participants)})");
        var limits = Limits.Of(participants);
        PixelFormat? format = null;
        string? modifier = null;
        IReadOnlyList<PlaneLayout> planes = [];
        long size;
        if (request.IsImage)
        {
            if (!TryChooseFormat(request, participants, exporter, out format, out modifier, out var conflict))
            {
                return NegotiationResult.Failure(conflict!);
            }

            (planes, size) = Layout(format!, request.Width, request.Height, limits.Alignment, limits.PitchAlignment);
        }
        else
        {
            size = RoundUp(request.Size!.Value, limits.Alignment);
        }

        var heap = ChooseHeap(participants, heaps, limits, size, largestFree, out var heapConflict);
        return heap is null
            ? NegotiationResult.Failure(heapConflict!)
            : NegotiationResult.Success(new NegotiatedPlacement(heap, size, limits.Alignment, limits.MaxSegments, limits.MaxSegmentSize,
                limits.AddressLimit, format, modifier, request.IsImage ? request.Width : 0, request.IsImage ? request.Height : 0, planes));
    }

    /// <summary>Pitch rounded up to the pitch alignment, planes at multiples of the alignment, the total rounded up to it.</summary>
    internal static (PlaneLayout[] Planes, long Size) Layout(PixelFormat format, int width, int height, long alignment, long pitchAlignment)
    {
        var planes = new PlaneLayout[format.Planes.Count];
        long end = 0;
        for (var i = 0; i < planes.Length; i++)
        {
            var plane = format.Planes[i];
            var rowBytes = plane.BytesPerRow(width);
            var pitch = RoundUp(rowBytes, pitchAlignment);
            var offset = RoundUp(end, alignment);
            var rows = plane.Rows(height);
            planes[i] = new PlaneLayout(offset, checked((int)pitch), rows, checked((int)rowBytes));
            end = offset + (pitch * rows);
        }

        return (planes, RoundUp(end, alignment));
    }

    internal static bool TryChooseFormat(BufferRequest request, IReadOnlyList<DeviceDescription> participants, DeviceDescription exporter,
        out PixelFormat? format, out string? modifier, out NegotiationConflict? conflict)
    {
        IEnumerable<PixelFormat> order = exporter.Formats?.Select(f => f.Format) ?? request.Formats ?? PixelFormat.All;
        foreach (var candidate in order)
        {
            if ((request.Formats is { } wanted && !wanted.Contains(candidate)) || (candidate.RequiresEvenWidth && request.Width % 2 != 0))
            {
                continue;
            }

            foreach (var m in exporter.ModifiersFor(candidate))
            {
                if ((request.Modifier is null || request.Modifier == m) && participants.All(d => d.Accepts(candidate, m)))
                {
                    (format, modifier, conflict) = (candidate, m, null);
                    return true;
                }
            }
        }

        (format, modifier) = (null, null);
        conflict = new NegotiationConflict(ConstraintKind.Format, participants.Select(d => d.Name),
            $"no format{(request.Modifier is null ? "" : $" with modifier {request.Modifier}")} of {string.Join(", ", request.Formats ?? PixelFormat.All)} " +
            $"at width {request.Width} is taken by every participant: " +
            string.Join("; ", participants.Select(d => $"{d.Name} takes {(d.Formats is null ? "any format (linear)" : string.Join(", ", d.Formats))}")));
        return false;
    }

    internal static HeapDescription? ChooseHeap(IReadOnlyList<DeviceDescription> participants, IReadOnlyList<HeapDescription> heaps, Limits limits,
        long size, Func<HeapDescription, long>? largestFree, out NegotiationConflict? conflict)
    {
        var reasons = new List<string>();
        var ordered = heaps.Where(h => h.OwnerDevice is { } owner && participants.Any(d => d.Name == owner)).Concat(heaps.Where(h => !h.IsDeviceLocal));
        foreach (var heap in ordered.Distinct())
        {
            var unreachable = participants.Where(d => !d.CanReach(heap)).Select(d => d.Name).ToArray();
            if (unreachable.Length > 0)
            {
                reasons.Add($"{heap.Name}: not reachable by {string.Join(", ", unreachable)}");
            }
            else if (limits.AddressLimit is { } limit && heap.Last > limit)
            {
                reasons.Add($"{heap.Name}: reaches up to 0x{heap.Last:x}, above the address limit 0x{limit:x}");
            }
            else if (SegmentLength(heap, size, limits.MaxSegmentSize) is var length && (size + length - 1) / length is var needed &&
                limits.MaxSegments is { } most && needed > most)
            {
                reasons.Add($"{heap.Name}: needs {needed} segments, more than {most}");
            }
            else if ((largestFree?.Invoke(heap) ?? heap.Size) < size)
            {
                reasons.Add($"{heap.Name}: no {size}-byte block free");
            }
            else
            {
                conflict = null;
                return heap;
            }
        }

        conflict = new NegotiationConflict(ConstraintKind.Heap, participants.Select(d => d.Name),
            $"no heap holds {size} bytes for {string.Join(", ", participants)}: {(reasons.Count == 0 ? "no heaps" : string.Join("; ", reasons))}");
        return null;
    }

    /// <summary>
    /// The length of the physical segments a placement in <paramref name="heap"/> guarantees a device
    /// without IOMMU: a page on a scattered heap (its pages may lie anywhere), else the whole buffer,
    /// split by the segment size limit.
    /// </summary>
    internal static long SegmentLength(HeapDescription heap, long size, long? maxSegmentSize)
    {
        var length = heap.Kind is HeapKind.Scattered ? PageSize : Math.Max(size, 1);
        return maxSegmentSize is { } most ? Math.Max(PageSize, Math.Min(length, most / PageSize * PageSize)) : length;
    }

    internal static long RoundUp(long value, long alignment) => (value + alignment - 1) / alignment * alignment;

    /// <summary>The participants' merged limits.</summary>
    internal readonly record struct Limits(long Alignment, long PitchAlignment, int? MaxSegments, long? MaxSegmentSize, ulong? AddressLimit)
    {
        public static Limits Of(IEnumerable<DeviceDescription> devices)
        {
            long alignment = PageSize, pitch = 1;
            int? segments = null;
            long? segmentSize = null;
            var address = ulong.MaxValue;
            foreach (var device in devices)
            {
                alignment = Lcm(alignment, device.Alignment);
                pitch = Lcm(pitch, device.PitchAlignment);
                if (device.HasIommu)
                {
                    continue;
                }

                segments = device.MaxSegments is { } s ? Math.Min(segments ?? int.MaxValue, s) : segments;
                segmentSize = device.MaxSegmentSize is { } z ? Math.Min(segmentSize ?? long.MaxValue, z) : segmentSize;
                address = Math.Min(address, device.AddressLimit);
            }

            return new Limits(alignment, pitch, segments, segmentSize, address == ulong.MaxValue ? null : address);
        }

        private static long Lcm(long a, long b) => a / Gcd(a, b) * b;

        private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);
    }
}
