using System.Globalization;
using PluggableDmaBuf.Core.Diagnostics;
using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Core.Negotiation;

/// <summary>
/// The one implementation of the merge rules of design §4 and <c>spec/negotiate.md</c>. The central
/// allocator, the exporter fallback and <c>pdmabuf negotiate</c> all call it.
/// </summary>
/// <remarks>
/// Choices the spec leaves open, made here:
/// <list type="bullet">
/// <item>An address limit of 2^64 - 1 (64-bit devices) counts as unlimited.</item>
/// <item>A contiguous heap serves any segment limit, except that a <c>maxSegmentSize</c> smaller
/// than the buffer splits it into <c>ceil(size / maxSegmentSize)</c> segments, which must fit
/// <c>maxSegments</c>.</item>
/// <item>When no heap qualifies, the conflict is labelled with the one reason every reachable heap
/// shares (address, then segments, then size); with mixed reasons it is labelled <c>heap</c>. A
/// <c>size</c> conflict names every participant, since together they need the buffer.</item>
/// <item>Heaps that are neither device-local nor one of the three system heaps come after <c>cma</c>.</item>
/// </list>
/// Stateless and thread safe.
/// </remarks>
public sealed class NegotiationEngine : INegotiator
{
    private const int PageSize = DeviceDescription.PageSize;

    /// <summary>A shared instance; the engine has no state.</summary>
    public static NegotiationEngine Instance { get; } = new();

    /// <inheritdoc />
    public NegotiationResult Negotiate(BufferRequest request, IReadOnlyList<DeviceDescription> participants,
        IReadOnlyList<HeapDescription> heaps, Func<HeapDescription, long>? largestFree = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(heaps);
        var exporter = CheckInputs(request, participants, heaps);

        var alignment = (long)PageSize;
        var pitchAlignment = 1L;
        int? maxSegments = null;
        long? maxSegmentSize = null;
        var addressLimit = ulong.MaxValue;
        foreach (var device in participants)
        {
            alignment = Lcm(alignment, device.Alignment);
            pitchAlignment = Lcm(pitchAlignment, device.PitchAlignment);
            if (device.HasIommu)
            {
                continue;
            }

            if (device.MaxSegments is { } segments)
            {
                maxSegments = Math.Min(maxSegments ?? int.MaxValue, segments);
            }

            if (device.MaxSegmentSize is { } segmentSize)
            {
                maxSegmentSize = Math.Min(maxSegmentSize ?? long.MaxValue, segmentSize);
            }

            addressLimit = Math.Min(addressLimit, device.AddressLimit);
        }

        var limits = new Limits(alignment, maxSegments, maxSegmentSize, addressLimit == ulong.MaxValue ? null : addressLimit);

        PixelFormat? format = null;
        string? modifier = null;
        PlaneLayout[] planes = [];
        long size;
        if (request.IsImage)
        {
            var choice = ChooseFormat(request, participants, exporter);
            if (choice.Conflict is not null)
            {
                return NegotiationResult.Failure(choice.Conflict);
            }

            (format, modifier) = (choice.Format!, choice.Modifier!);
            if (!TryLayout(format, request.Width, request.Height, alignment, pitchAlignment, out planes, out size))
            {
                return NegotiationResult.Failure(new NegotiationConflict(ConstraintKind.Size, participants.Select(d => d.Name),
                    $"a {request.Width}x{request.Height} {format} image with pitch alignment {pitchAlignment} and alignment {alignment} is larger than a buffer can be"));
            }
        }
        else if (!TryRoundUp(request.Size!.Value, alignment, out size))
        {
            return NegotiationResult.Failure(new NegotiationConflict(ConstraintKind.Size, participants.Select(d => d.Name),
                $"{request.Size} bytes cannot be rounded up to the alignment {alignment}"));
        }

        var heapChoice = ChooseHeap(participants, heaps, limits, size, largestFree);
        if (heapChoice.Conflict is not null)
        {
            return NegotiationResult.Failure(heapChoice.Conflict);
        }

        return NegotiationResult.Success(new NegotiatedPlacement(heapChoice.Heap!, size, alignment, limits.MaxSegments,
            limits.MaxSegmentSize, limits.AddressLimit, format, modifier, request.IsImage ? request.Width : 0,
            request.IsImage ? request.Height : 0, planes));
    }

    /// <summary>
    /// The plane layout rule on its own: pitch rounded up to <paramref name="pitchAlignment"/>, planes
    /// starting at multiples of <paramref name="alignment"/>, total rounded up to it.
    /// </summary>
    internal static bool TryLayout(PixelFormat format, int width, int height, long alignment, long pitchAlignment,
        out PlaneLayout[] planes, out long size)
    {
        planes = new PlaneLayout[format.Planes.Count];
        long end = 0;
        size = 0;
        for (var i = 0; i < planes.Length; i++)
        {
            var plane = format.Planes[i];
            var rowBytes = plane.BytesPerRow(width);
            if (!TryRoundUp(rowBytes, pitchAlignment, out var pitch) || pitch > int.MaxValue ||
                !TryRoundUp(end, alignment, out var offset))
            {
                return false;
            }

            var rows = plane.Rows(height);
            planes[i] = new PlaneLayout(offset, (int)pitch, rows, (int)rowBytes);
            end = offset + pitch * rows;
        }

        return TryRoundUp(end, alignment, out size);
    }

    private static DeviceDescription CheckInputs(BufferRequest request, IReadOnlyList<DeviceDescription> participants,
        IReadOnlyList<HeapDescription> heaps)
    {
        if (participants.Count == 0)
        {
            throw new InvalidConstraintException("devices", "at least one device must take part");
        }

        // Sets, not pairwise loops: a request may name a hundred thousand devices.
        var names = new HashSet<string>(participants.Count, StringComparer.Ordinal);
        var heapNames = new HashSet<string>(heaps.Select(h => h.Name), StringComparer.Ordinal);
        for (var i = 0; i < participants.Count; i++)
        {
            if (!names.Add(participants[i].Name))
            {
                throw new InvalidConstraintException($"devices[{i}].name", $"'{participants[i].Name}' is listed twice");
            }

            if (participants[i].Heaps is { } reachable)
            {
                for (var h = 0; h < reachable.Count; h++)
                {
                    if (!heapNames.Contains(reachable[h]))
                    {
                        throw new InvalidConstraintException($"devices[{i}].heaps[{h}]",
                            $"unknown heap '{reachable[h]}' (known: {string.Join(", ", heaps.Select(x => x.Name))})");
                    }
                }
            }
        }

        if (request.Exporter is null)
        {
            return participants[0];
        }

        return participants.FirstOrDefault(d => string.Equals(d.Name, request.Exporter, StringComparison.Ordinal))
            ?? throw new InvalidConstraintException("request.exporter",
                $"'{request.Exporter}' is not one of the devices ({string.Join(", ", participants.Select(d => d.Name))})");
    }

    private static FormatChoice ChooseFormat(BufferRequest request, IReadOnlyList<DeviceDescription> participants, DeviceDescription exporter)
    {
        IEnumerable<PixelFormat> order = exporter.Formats?.Select(f => f.Format) ?? request.Formats ?? PixelFormat.All;
        var candidates = order.Where(f => request.Formats is null || request.Formats.Contains(f))
            .Where(f => !f.RequiresEvenWidth || request.Width % 2 == 0)
            .ToArray();
        if (candidates.Length == 0)
        {
            return new FormatChoice(null, null, new NegotiationConflict(ConstraintKind.Format, [exporter.Name],
                $"{exporter.Name} offers {DescribeFormats(exporter)}, none of the requested {string.Join(", ", request.Formats ?? [])}"));
        }

        var sharedByAll = candidates.Where(f => participants.All(d => d.ModifiersFor(f).Count > 0)).ToArray();
        if (sharedByAll.Length == 0)
        {
            var involved = participants.Where(d => d == exporter || candidates.Any(f => d.ModifiersFor(f).Count == 0)).ToArray();
            return new FormatChoice(null, null, new NegotiationConflict(ConstraintKind.Format, involved.Select(d => d.Name),
                "no format is listed by every participant: " + string.Join("; ", involved.Select(d =>
                    d == exporter
                        ? $"{d.Name} offers {string.Join(", ", candidates.Select(f => f.FourCC))}"
                        : $"{d.Name} takes {DescribeFormats(d)}"))));
        }

        foreach (var format in sharedByAll)
        {
            foreach (var modifier in exporter.ModifiersFor(format))
            {
                if ((request.Modifier is null || string.Equals(modifier, request.Modifier, StringComparison.Ordinal)) &&
                    participants.All(d => d.Accepts(format, modifier)))
                {
                    return new FormatChoice(format, modifier, null);
                }
            }
        }

        var disagreeing = participants.Where(d => d == exporter || sharedByAll.Any(f =>
            exporter.ModifiersFor(f).Any(m => !d.Accepts(f, m)))).ToArray();
        return new FormatChoice(null, null, new NegotiationConflict(ConstraintKind.Modifier, disagreeing.Select(d => d.Name),
            $"{string.Join(", ", sharedByAll.Select(f => f.FourCC))} {(sharedByAll.Length == 1 ? "is" : "are")} listed by every participant but no modifier is common: " +
            string.Join("; ", disagreeing.Select(d => $"{d.Name} " + string.Join(", ",
                sharedByAll.Select(f => $"{f}:{string.Join("/", d.ModifiersFor(f))}"))))));
    }

    private static string DescribeFormats(DeviceDescription device) =>
        device.Formats is null ? "any format (linear)" : string.Join(", ", device.Formats.Select(f => f.Format.FourCC));

    private static HeapChoice ChooseHeap(IReadOnlyList<DeviceDescription> participants, IReadOnlyList<HeapDescription> heaps,
        Limits limits, long size, Func<HeapDescription, long>? largestFree)
    {
        var evaluations = new List<HeapEvaluation>(heaps.Count);
        foreach (var heap in PreferenceOrder(heaps))
        {
            var evaluation = Evaluate(heap, participants, limits, size, largestFree);
            if (evaluation.Qualifies)
            {
                return new HeapChoice(heap, null);
            }

            evaluations.Add(evaluation);
        }

        return new HeapChoice(null, Explain(participants, size, evaluations));
    }

    private static IEnumerable<HeapDescription> PreferenceOrder(IReadOnlyList<HeapDescription> heaps)
    {
        foreach (var heap in heaps)
        {
            if (heap.IsDeviceLocal)
            {
                yield return heap;
            }
        }

        foreach (var name in MemoryMap.SystemHeapPreference)
        {
            foreach (var heap in heaps)
            {
                if (!heap.IsDeviceLocal && string.Equals(heap.Name, name, StringComparison.Ordinal))
                {
                    yield return heap;
                }
            }
        }

        foreach (var heap in heaps)
        {
            if (!heap.IsDeviceLocal && !MemoryMap.SystemHeapPreference.Contains(heap.Name, StringComparer.Ordinal))
            {
                yield return heap;
            }
        }
    }

    private static HeapEvaluation Evaluate(HeapDescription heap, IReadOnlyList<DeviceDescription> participants, Limits limits,
        long size, Func<HeapDescription, long>? largestFree)
    {
        // The same rule the buffer applies at attach and map, on the placement this heap would give.
        var evaluation = new HeapEvaluation(heap);
        var shape = PlacementShape.Prospective(heap, size, limits.Alignment);
        foreach (var device in participants)
        {
            var reach = Reachability.Evaluate(device, shape, canBounce: null);
            if ((reach.Reasons & ReachReason.HeapNotReachable) != 0)
            {
                evaluation.Unreachable.Add(device);
                continue;
            }

            if ((reach.Reasons & ReachReason.TooManySegments) != 0)
            {
                evaluation.SegmentDevices.Add(device);
                evaluation.SegmentsNeeded = Math.Max(evaluation.SegmentsNeeded, reach.Segments);
            }

            if ((reach.Reasons & ~ReachReason.TooManySegments) != 0)
            {
                evaluation.AddressDevices.Add(device);
            }
        }

        if (evaluation.Unreachable.Count > 0)
        {
            // An unreachable heap is reported as such alone.
            evaluation.AddressDevices.Clear();
            evaluation.SegmentDevices.Clear();
            return evaluation;
        }

        evaluation.Free = largestFree?.Invoke(heap) ?? heap.Size;
        evaluation.TooSmall = evaluation.Free < size;
        return evaluation;
    }

    private static NegotiationConflict Explain(IReadOnlyList<DeviceDescription> participants, long size,
        List<HeapEvaluation> evaluations)
    {
        var reachable = evaluations.Where(e => e.Unreachable.Count == 0).ToList();
        var heapReasons = string.Join("; ", evaluations.Select(e => e.Describe(size)));
        if (reachable.Count == 0)
        {
            var involved = participants.Where(d => evaluations.Any(e => e.Unreachable.Contains(d))).Select(d => d.Name);
            return new NegotiationConflict(ConstraintKind.Heap, involved,
                "no heap is reachable by every participant: " + heapReasons);
        }

        ConstraintKind kind;
        IEnumerable<DeviceDescription> devices;
        if (reachable.All(e => e.AddressDevices.Count > 0))
        {
            kind = ConstraintKind.Address;
            devices = reachable.SelectMany(e => e.AddressDevices);
        }
        else if (reachable.All(e => e.SegmentDevices.Count > 0))
        {
            kind = ConstraintKind.Segments;
            devices = reachable.SelectMany(e => e.SegmentDevices);
        }
        else if (reachable.All(e => e.TooSmall))
        {
            kind = ConstraintKind.Size;
            devices = participants;
        }
        else
        {
            kind = ConstraintKind.Heap;
            devices = evaluations.SelectMany(e => e.Unreachable.Concat(e.AddressDevices).Concat(e.SegmentDevices));
        }

        var names = participants.Where(devices.Contains).ToArray();
        var needs = string.Join("; ", names.Select(d => ConflictFormatter.DeviceNeeds(d, kind)).Where(s => s.Length > 0));
        var message = (needs.Length > 0 ? needs + "; " : "") + heapReasons;
        if (kind == ConstraintKind.Size)
        {
            message = string.Create(CultureInfo.InvariantCulture, $"no heap that suits every participant can hold {size} bytes ({ByteSize.Format(size)}): {heapReasons}");
        }

        return new NegotiationConflict(kind, names.Select(d => d.Name), message);
    }

    internal static long Lcm(long a, long b)
    {
        var gcd = Gcd(a, b);
        return checked(a / gcd * b);
    }

    private static long Gcd(long a, long b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }

    internal static bool TryRoundUp(long value, long alignment, out long result)
    {
        var remainder = value % alignment;
        if (remainder == 0)
        {
            result = value;
            return true;
        }

        if (value > long.MaxValue - (alignment - remainder))
        {
            result = 0;
            return false;
        }

        result = value + (alignment - remainder);
        return true;
    }

    private readonly record struct Limits(long Alignment, int? MaxSegments, long? MaxSegmentSize, ulong? AddressLimit);

    private readonly record struct FormatChoice(PixelFormat? Format, string? Modifier, NegotiationConflict? Conflict);

    private readonly record struct HeapChoice(HeapDescription? Heap, NegotiationConflict? Conflict);

    private sealed class HeapEvaluation(HeapDescription heap)
    {
        public HeapDescription Heap { get; } = heap;

        public List<DeviceDescription> Unreachable { get; } = [];

        public List<DeviceDescription> AddressDevices { get; } = [];

        public List<DeviceDescription> SegmentDevices { get; } = [];

        public long SegmentsNeeded { get; set; }

        public long Free { get; set; }

        public bool TooSmall { get; set; }

        public bool Qualifies => Unreachable.Count == 0 && AddressDevices.Count == 0 && SegmentDevices.Count == 0 && !TooSmall;

        public string Describe(long size) => Unreachable.Count > 0
            ? $"{Heap.Name} is not reachable by {string.Join(", ", Unreachable.Select(d => d.Name))}"
            : ConflictFormatter.HeapReasons(Heap, AddressDevices.Count > 0, SegmentDevices.Count > 0 ? SegmentsNeeded : 0, size,
                TooSmall ? Free : null);
    }
}
