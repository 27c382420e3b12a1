using PluggableDmaBuf.Testing.Buffers;
using PluggableDmaBuf.Testing.Memory;
using Xunit;

namespace PluggableDmaBuf.Testing.Conformance;

/// <summary>
/// The rules a central <see cref="IBufferAllocator"/> meets, as facts an allocator's test class
/// inherits: derive, implement <see cref="CreateAllocator"/> over the factory, negotiator and device
/// registry given, and override the devices or the <c>Supports…</c> switches.
/// </summary>
/// <remarks>
/// The facts check that the allocator says it is <c>central</c>; places every buffer where each
/// participant and each potential consumer (a registered device with one of the request's usages)
/// reaches it, so that a late consumer attaches and maps without a conflict; carries the given
/// exporter's callbacks; refuses participants that cannot share a buffer, and unknown devices, clearly;
/// recycles a buffer nobody else holds (when <see cref="SupportsRecycling"/>), never one still held and
/// never for another exporter; and drops every pooled buffer when disposed, while a buffer still held
/// lives on until its holder puts it.
/// </remarks>
public abstract class CentralAllocatorConformanceTests
{
    /// <summary>A capture device that exports (64-bit, no IOMMU, reaching the system heaps).</summary>
    protected static readonly DeviceDescription Camera = new("camera0", usages: [BufferUsages.Capture]);

    /// <summary>A GPU behind an IOMMU that renders.</summary>
    protected static readonly DeviceDescription Gpu = new("gpu0", hasIommu: true, usages: [BufferUsages.Render]);

    /// <summary>A display with 32-bit addresses that scans out: a potential consumer of scanout buffers, reaching only memory below 4 GiB.</summary>
    protected static readonly DeviceDescription Display = new("display0", addressBits: 32, usages: [BufferUsages.Scanout]);

    /// <summary>A device that reaches only its own heap (<c>island0-vram</c>): it cannot share a buffer with <see cref="Camera"/>.</summary>
    protected static readonly DeviceDescription Island = new("island0", heaps: ["island0-vram"], usages: ["island"]);

    /// <summary>Creates the allocator under test over the framework services given (fakes by default).</summary>
    /// <param name="factory">The buffer factory to allocate from.</param>
    /// <param name="negotiator">The negotiator that merges constraints.</param>
    /// <param name="devices">Every registered device.</param>
    /// <returns>A new allocator; each fact disposes it.</returns>
    protected abstract IBufferAllocator CreateAllocator(IDmaBufFactory factory, INegotiator negotiator, IDeviceRegistry devices);

    /// <summary>The registered devices; by default <see cref="Camera"/>, <see cref="Gpu"/>, <see cref="Display"/> and <see cref="Island"/>.</summary>
    protected virtual IReadOnlyList<DeviceRegistration> Devices =>
    [
        new(Camera, DeviceRoles.Exporter),
        new(Gpu, DeviceRoles.Importer | DeviceRoles.Exporter),
        new(Display, DeviceRoles.Importer),
        new(Island, DeviceRoles.Importer),
    ];

    /// <summary>The heaps; by default the standard ones and <c>island0-vram</c>.</summary>
    protected virtual IReadOnlyList<HeapDescription> Heaps => [.. FakeMemoryMap.StandardHeaps, FakeMemoryMap.DeviceLocalHeap("island0", 0, 64L << 20)];

    /// <summary>The negotiator handed to the allocator; by default a <see cref="FakeNegotiator"/>.</summary>
    protected virtual INegotiator CreateNegotiator() => new FakeNegotiator();

    /// <summary>Whether the allocator pools buffers and hands a free one out again (default <c>true</c>).</summary>
    protected virtual bool SupportsRecycling => true;

    /// <summary>The kind is <c>central</c>, as the run report prints it.</summary>
    [Fact]
    public void Says_it_is_central()
    {
        using var allocator = Create(out _);
        Assert.Equal("central", allocator.Kind);
    }

    /// <summary>Every participant reaches the placement: each attaches and maps.</summary>
    [Fact]
    public void Placements_are_reachable_by_every_participant()
    {
        var factory = Factory();
        using (var allocator = Create(factory))
        {
            var buffer = allocator.Allocate(Image(BufferUsages.Capture, BufferUsages.Render), "shared");
            Assert.NotNull(buffer.Placement);
            AttachAndMap(buffer, Camera, Gpu);
            buffer.Put();
        }

        factory.AssertNoLeaks();
    }

    /// <summary>A potential consumer (a registered device with one of the request's usages, not named as a participant) reaches the placement too.</summary>
    [Fact]
    public void Placements_are_reachable_by_potential_consumers()
    {
        var factory = Factory();
        using (var allocator = Create(factory))
        {
            var buffer = allocator.Allocate(Image(BufferUsages.Capture, BufferUsages.Scanout), "to scan out");
            var placement = buffer.Placement!;
            Assert.True(Display.CanReach(placement.Heap) && placement.Heap.Last <= Display.AddressLimit,
                $"{Display.Name} (32-bit) is a potential consumer of scanout buffers, but the buffer was placed in {placement.Heap.Name}");
            AttachAndMap(buffer, Camera, Display);
            buffer.Put();
        }

        factory.AssertNoLeaks();
    }

    /// <summary>The buffer carries the exporter given: its name, and its map callback on every first map.</summary>
    [Fact]
    public void Carries_the_given_exporter()
    {
        var factory = Factory();
        var exporter = new CountingExporter("camera0-own");
        using (var allocator = Create(factory))
        {
            var buffer = allocator.Allocate(Image(BufferUsages.Capture), "own", exporter);
            Assert.Equal("camera0-own", buffer.Exporter);
            AttachAndMap(buffer, Camera);
            Assert.Equal(1, exporter.Maps);
            buffer.Put();
        }

        factory.AssertNoLeaks();
    }

    /// <summary>Participants that cannot share a buffer are refused with a conflict naming them; a device nobody registered is refused naming it.</summary>
    [Fact]
    public void Refuses_what_cannot_be_placed_clearly()
    {
        var factory = Factory();
        using (var allocator = Create(factory))
        {
            var conflict = Assert.Throws<BufferPlacementConflictException>(() =>
                allocator.Allocate(BufferRequest.ForSize(1 << 20, Camera.Name, [Island.Name], [BufferUsages.Capture])));
            Assert.Contains(Island.Name, conflict.Conflict.Devices);
            var unknown = Assert.Throws<InvalidConstraintException>(() =>
                allocator.Allocate(BufferRequest.ForSize(1 << 20, "nobody0", [], [BufferUsages.Capture])));
            Assert.Contains("nobody0", unknown.Message);
        }

        factory.AssertNoLeaks();
    }

    /// <summary>When pooling: a buffer nobody else holds is handed out again for the same request and exporter; one still held, or for another exporter, is not.</summary>
    [Fact]
    public void Recycles_only_free_buffers_of_the_same_exporter()
    {
        if (!SupportsRecycling)
        {
            return;
        }

        var factory = Factory();
        var (a, b) = (new CountingExporter("a"), new CountingExporter("b"));
        using (var allocator = Create(factory))
        {
            var request = Image(BufferUsages.Capture, BufferUsages.Render);
            var first = allocator.Allocate(request, "first", a);
            var held = allocator.Allocate(request, "second", a);
            Assert.NotEqual(first.Id, held.Id);
            first.Put();
            var again = allocator.Allocate(request, "again", a);
            Assert.Equal(first.Id, again.Id);
            var other = allocator.Allocate(request, "other", b);
            Assert.NotEqual(first.Id, other.Id);
            Assert.Equal("b", other.Exporter);
            foreach (var buffer in new[] { held, again, other })
            {
                buffer.Put();
            }
        }

        factory.AssertNoLeaks();
    }

    /// <summary>Dispose drops every pooled buffer; one still held lives on until its holder puts it.</summary>
    [Fact]
    public void Dispose_drops_everything()
    {
        var factory = Factory();
        IDmaBuf kept;
        using (var allocator = Create(factory))
        {
            var request = Image(BufferUsages.Capture);
            foreach (var buffer in Enumerable.Range(0, 3).Select(i => allocator.Allocate(request, $"pooled {i}")).ToArray())
            {
                buffer.Put();
            }

            kept = allocator.Allocate(request, "kept");
        }

        Assert.False(kept.IsReleased);
        Assert.Single(factory.LiveBuffers);
        kept.Put();
        factory.AssertNoLeaks();
    }

    /// <summary>The participants' names, usages and a 64×48 XR24 image exported by <see cref="Camera"/>.</summary>
    /// <param name="usages">The request's usages.</param>
    /// <returns>The request.</returns>
    protected static BufferRequest Image(params string[] usages) =>
        BufferRequest.ForImage(64, 48, [PixelFormat.XR24], Camera.Name, usages.Contains(BufferUsages.Render) ? [Gpu.Name] : [], usages);

    private FakeDmaBufFactory Factory() => new(Heaps);

    private IBufferAllocator Create(out FakeDmaBufFactory factory) => Create(factory = Factory());

    private IBufferAllocator Create(FakeDmaBufFactory factory) => CreateAllocator(factory, CreateNegotiator(), new FakeDeviceRegistry(Devices));

    private static void AttachAndMap(IDmaBuf buffer, params DeviceDescription[] devices)
    {
        foreach (var device in devices)
        {
            var attachment = buffer.Attach(device);
            var mapping = attachment.Map(DmaDirection.Bidirectional);
            Assert.Equal(buffer.Size, mapping.Segments.Sum(s => s.Length));
            mapping.Unmap();
            attachment.Detach();
        }
    }

    private sealed class CountingExporter(string name) : DmaBufExporter(name)
    {
        private int _maps;

        public int Maps => Volatile.Read(ref _maps);

        public override void Map(DmaBufMapping mapping) => Interlocked.Increment(ref _maps);

        public override void Unmap(DmaBufMapping mapping)
        {
        }

        public override void Release(IDmaBuf buffer)
        {
        }
    }
}
