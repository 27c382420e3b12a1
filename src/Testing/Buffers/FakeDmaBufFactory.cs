using PluggableDmaBuf.Testing.Fences;
using PluggableDmaBuf.Testing.Memory;
using Xunit;

namespace PluggableDmaBuf.Testing.Buffers;

/// <summary>
/// An in-memory <see cref="IDmaBufFactory"/> whose buffers hold real bytes and keep the host's
/// lifecycle rules: an exporter must provide map, unmap and release; mapping needs a live
/// attachment; an exported buffer is placed at its first map in a heap every attached device
/// reaches, and a device that attaches later and cannot reach it is refused with
/// <see cref="BufferPlacementConflictException"/>; an attachment is mapped in one direction at a time
/// (unless bidirectional); detach needs every unmap first; release runs once, after the last
/// reference; a released buffer fails every operation with <see cref="BufferReleasedException"/>;
/// CPU access waits for the reservation's fences and its views fail after the end
/// (<see cref="CpuAccessException"/>); vmap is counted. Mapping segments are slices of the buffer's
/// bytes, so <see cref="DmaBufMapping.Segment"/> and <see cref="StageBuffer.GetLinearSpan"/> work.
/// </summary>
/// <remarks>
/// <para>Every buffer not yet released is in <see cref="LiveBuffers"/>; <see cref="FindLeaks"/> lists those not
/// released, with what still holds them, and <see cref="AssertNoLeaks"/> fails a test with that list.</para>
/// <para>Strict by default: a CPU access begun for reading refuses a writable span, and a
/// <see cref="Memory{T}"/> taken from an access or a view fails when used after its end.</para>
/// <para>Thread safe. Each buffer keeps its bytes in one array, so at most about 2 GiB a buffer.</para>
/// </remarks>
public sealed class FakeDmaBufFactory : IDmaBufFactory
{
    private readonly object _gate = new();
    private readonly List<IDmaBuf> _buffers = [];
    private readonly HeapSpace[] _spaces;
    private long _nextId;

    /// <summary>Creates the factory.</summary>
    /// <param name="heaps">The memory map; <c>null</c> for <see cref="FakeMemoryMap.StandardHeaps"/>. Names must be unique.</param>
    /// <param name="fences">The fence service for the buffers' reservations; <c>null</c> for a new one.</param>
    /// <param name="strict">Whether views are checked strictly (see remarks); default <c>true</c>.</param>
    /// <exception cref="InvalidConstraintException">Two heaps share a name.</exception>
    public FakeDmaBufFactory(IEnumerable<HeapDescription>? heaps = null, FakeFenceService? fences = null, bool strict = true)
    {
        Heaps = [.. heaps ?? FakeMemoryMap.StandardHeaps];
        if (Heaps.GroupBy(h => h.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidConstraintException($"heaps.{twice.Key}", "is defined twice");
        }

        _spaces = [.. Heaps.Select(h => new HeapSpace(h))];
        Fences = fences ?? new FakeFenceService();
        Strict = strict;
    }

    /// <inheritdoc />
    public IReadOnlyList<HeapDescription> Heaps { get; }

    /// <summary>The fence service behind every buffer's reservation.</summary>
    public FakeFenceService Fences { get; }

    /// <summary>Whether CPU views are checked strictly.</summary>
    public bool Strict { get; }

    /// <summary>The buffers not yet released, in creation order. Released buffers are forgotten, so that nothing here keeps them alive.</summary>
    public IReadOnlyList<IDmaBuf> LiveBuffers
    {
        get
        {
            lock (_gate)
            {
                return [.. _buffers];
            }
        }
    }

    /// <summary>How many buffers were made.</summary>
    public int CreatedCount { get; private set; }

    /// <summary>How many buffers were released (each exactly once).</summary>
    public int ReleasedCount { get; private set; }

    internal IReadOnlyList<HeapSpace> Spaces => _spaces;

    internal AccessGuard Guard { get; } = new();

    /// <inheritdoc />
    public long LargestFreeBlock(HeapDescription heap) => Space(heap).LargestFree;

    /// <inheritdoc />
    public IDmaBuf Allocate(NegotiatedPlacement placement, string? name = null, DmaBufExporter? exporter = null)
    {
        ArgumentNullException.ThrowIfNull(placement);
        CheckExporter(exporter);
        var space = Space(placement.Heap);
        var address = space.TryTake(placement.Size, placement.Alignment, placement.AddressLimit ?? ulong.MaxValue)
            ?? throw new HeapExhaustedException(space.Heap.Name, placement.Size, space.Heap.Size, space.LargestFree);
        var id = Interlocked.Increment(ref _nextId);
        FakeDmaBuf buffer;
        try
        {
            buffer = new FakeDmaBuf(this, id, name ?? $"{placement.Heap.Name}-{id}", exporter, exporter?.Name ?? placement.Heap.Name, placement.Size,
                placement.Format, placement.Modifier, placement.Width, placement.Height, placement.Planes, exporterDevice: null, Strict);
        }
        catch
        {
            space.Give(address);
            throw;
        }

        buffer.PlaceNow(placement, space, address);
        return Track(buffer);
    }

    /// <inheritdoc />
    public IDmaBuf Export(BufferRequest request, DeviceDescription exporterDevice, string? name = null, DmaBufExporter? exporter = null,
        IReadOnlyList<DeviceDescription>? importers = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(exporterDevice);
        CheckExporter(exporter);
        if (request.Exporter is { } named && named != exporterDevice.Name)
        {
            throw new InvalidConstraintException("request.exporter", $"the request names '{named}', but {exporterDevice.Name} exports it");
        }

        DeviceDescription[] devices = [exporterDevice, .. (importers ?? []).Where(d => d.Name != exporterDevice.Name)];
        var limits = FakeNegotiator.Limits.Of(devices);
        PixelFormat? format = null;
        string? modifier = null;
        IReadOnlyList<PlaneLayout> planes = [];
        long size;
        if (request.IsImage)
        {
            if (!FakeNegotiator.TryChooseFormat(request, devices, exporterDevice, out format, out modifier, out var conflict))
            {
                throw new BufferPlacementConflictException(conflict!);
            }

            (planes, size) = FakeNegotiator.Layout(format!, request.Width, request.Height, limits.Alignment, limits.PitchAlignment);
        }
        else
        {
            size = FakeNegotiator.RoundUp(request.Size!.Value, limits.Alignment);
        }

        if (!Heaps.Any(exporterDevice.CanReach))
        {
            throw new BufferPlacementConflictException(new NegotiationConflict(ConstraintKind.Heap, [exporterDevice.Name],
                $"{exporterDevice.Name} reaches none of the heaps {string.Join(", ", Heaps)}"));
        }

        var id = Interlocked.Increment(ref _nextId);
        return Track(new FakeDmaBuf(this, id, name ?? $"{exporterDevice.Name}-{id}", exporter, exporter?.Name ?? exporterDevice.Name, size,
            format, modifier, request.IsImage ? request.Width : 0, request.IsImage ? request.Height : 0, planes, exporterDevice, Strict));
    }

    /// <summary>One line per buffer not released: its id, name, exporter, references, attachments, mappings, CPU accesses and views.</summary>
    /// <returns>The lines; empty when every buffer was released.</returns>
    public IReadOnlyList<string> FindLeaks() => [.. LiveBuffers.OfType<FakeDmaBuf>().Select(b => b.DescribeHeld()).OfType<string>()];

    /// <summary>Fails the test, listing what is still held, unless every buffer was released.</summary>
    public void AssertNoLeaks()
    {
        var leaks = FindLeaks();
        if (leaks.Count > 0)
        {
            Assert.Fail($"{leaks.Count} buffer(s) not released:\n  " + string.Join("\n  ", leaks));
        }
    }

    internal void OnReleased(FakeDmaBuf buffer)
    {
        lock (_gate)
        {
            _buffers.Remove(buffer);
            ReleasedCount++;
        }
    }

    private IDmaBuf Track(FakeDmaBuf buffer)
    {
        lock (_gate)
        {
            _buffers.Add(buffer);
            CreatedCount++;
        }

        return buffer;
    }

    private HeapSpace Space(HeapDescription heap)
    {
        ArgumentNullException.ThrowIfNull(heap);
        return Array.Find(_spaces, s => s.Heap.Name == heap.Name)
            ?? throw new InvalidConstraintException("placement.heap", $"heap '{heap.Name}' is not in the memory map ({string.Join(", ", Heaps)})");
    }

    private static void CheckExporter(DmaBufExporter? exporter)
    {
        if (exporter is not null && (exporter.Operations & DmaBufOperations.Required) != DmaBufOperations.Required)
        {
            throw new ExporterContractException(exporter.Name, DmaBufOperations.Required & ~exporter.Operations);
        }
    }
}
