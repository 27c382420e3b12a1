using System.Runtime.CompilerServices;
using PluggableDmaBuf.Testing.Buffers;
using Xunit;

namespace PluggableDmaBuf.Testing.Conformance;

/// <summary>
/// The buffer lifecycle rules as they concern a <see cref="DmaBufExporter"/>, as facts an exporter's
/// test class inherits: derive, implement <see cref="CreateExporter"/>, and override the devices, the
/// request, the factory (by default a <see cref="FakeDmaBufFactory"/>; the framework's own works too)
/// and the <c>Supports…</c> switches for the operations the exporter refuses on purpose.
/// </summary>
/// <remarks>
/// <para>Each fact drives buffers exported with the exporter through a part of the lifecycle — export,
/// attach, map, unmap, detach, put, CPU access, vmap, mmap — and checks that the exporter declares the
/// required callbacks (invariant 1), holds nothing of a released buffer (2), lets mappings happen only on
/// live attachments and leaves a deferred buffer unplaced until its first map (3, 4), keeps the buffer
/// usable when a late device is refused or migrated (5) and after a direction conflict (6), allows detach
/// only after the unmaps and survives release (7), never changes the buffer's size or bytes (8), copes
/// with counted vmaps (9) and with CPU access between begin and end (10), and serves buffers from several
/// threads at once. Every buffer a fact makes must be released at its end.</para>
/// </remarks>
public abstract class ExporterConformanceTests
{
    private readonly List<IDmaBuf> _exported = [];

    /// <summary>Creates the exporter under test; one per fact, shared by every buffer of the fact (as a link shares one).</summary>
    /// <returns>The exporter.</returns>
    protected abstract DmaBufExporter CreateExporter();

    /// <summary>Creates the factory buffers are exported through; by default a new <see cref="FakeDmaBufFactory"/> with the standard heaps.</summary>
    /// <returns>The factory.</returns>
    protected virtual IDmaBufFactory CreateFactory() => new FakeDmaBufFactory();

    /// <summary>The exporting device; by default a 64-bit device without constraints, <c>exporter0</c>.</summary>
    protected virtual DeviceDescription ExporterDevice { get; } = new("exporter0");

    /// <summary>An importing device; by default <c>importer0</c>, behind an IOMMU.</summary>
    protected virtual DeviceDescription ImporterDevice { get; } = new("importer0", hasIommu: true);

    /// <summary>A device that reaches only <c>cma</c> with 32-bit addresses: attached after placement, it is refused or the buffer migrates.</summary>
    protected virtual DeviceDescription LateNarrowDevice { get; } = new("narrow0", addressBits: 32, heaps: ["cma"]);

    /// <summary>What a buffer holds; by default a 64×48 XR24 image.</summary>
    protected virtual BufferRequest Request => BufferRequest.ForImage(64, 48, [PixelFormat.XR24]);

    /// <summary>Optional: a device the exporter refuses at attach (its <see cref="DmaBufExporter.Attach"/> throws); <c>null</c> (the default) when it refuses none.</summary>
    protected virtual DeviceDescription? RefusedDevice => null;

    /// <summary>Whether the exporter allows CPU access (its <see cref="DmaBufExporter.BeginCpuAccess"/> does not refuse); default <c>true</c>.</summary>
    protected virtual bool SupportsCpuAccess => true;

    /// <summary>Whether the exporter allows kernel-style vmaps; default <c>true</c>.</summary>
    protected virtual bool SupportsVmap => true;

    /// <summary>Whether the exporter allows process-style mmaps; default <c>true</c>.</summary>
    protected virtual bool SupportsMmap => true;

    /// <summary>Whether one exporter may serve buffers on several threads at once; default <c>true</c>, as a link's exporter must.</summary>
    protected virtual bool SupportsConcurrentUse => true;

    /// <summary>Invariant 1: map, unmap and release are provided, so the export succeeds.</summary>
    [Fact]
    public void Declares_map_unmap_and_release()
    {
        var exporter = CreateExporter();
        Assert.True((exporter.Operations & DmaBufOperations.Required) == DmaBufOperations.Required,
            $"{exporter.Name} declares {exporter.Operations}; map, unmap and release are required");
        var buffer = Export(CreateFactory(), exporter);
        Assert.Equal(exporter.Name, buffer.Exporter);
        buffer.Put();
        AssertAllReleased();
    }

    /// <summary>Invariants 3, 4 and 7: a whole lifecycle with two devices, bytes written through one mapping read through the other.</summary>
    [Fact]
    public void Survives_the_whole_lifecycle()
    {
        var factory = CreateFactory();
        var buffer = Export(factory, CreateExporter());
        var producer = buffer.Attach(ExporterDevice);
        var consumer = buffer.Attach(ImporterDevice);
        Assert.Null(buffer.Placement);

        var write = producer.Map(DmaDirection.FromDevice);
        Assert.NotNull(buffer.Placement);
        Fill(write, 0x3c);
        write.Unmap();
        var read = consumer.Map(DmaDirection.ToDevice);
        AssertFilled(read, 0x3c);
        read.Unmap();

        producer.Detach();
        consumer.Detach();
        buffer.Put();
        Assert.True(buffer.IsReleased);
        Assert.Throws<BufferReleasedException>(() => buffer.Attach(ImporterDevice));
        AssertAllReleased();
    }

    /// <summary>Invariant 8: neither the size nor the bytes change through attach, map, unmap, vmap, mmap and CPU access.</summary>
    [Fact]
    public void Never_changes_the_size_or_the_bytes()
    {
        var buffer = Export(CreateFactory(), CreateExporter());
        var size = buffer.Size;
        var pattern = Pattern(size);
        var attachment = buffer.Attach(ExporterDevice);
        var first = attachment.Map(DmaDirection.FromDevice);
        Write(first, pattern);
        first.Unmap();
        var importer = buffer.Attach(ImporterDevice);
        importer.Map(DmaDirection.ToDevice).Unmap();
        importer.Detach();
        if (SupportsVmap)
        {
            buffer.Vmap().Dispose();
        }

        if (SupportsMmap)
        {
            buffer.Mmap().Dispose();
        }

        var again = attachment.Map(DmaDirection.ToDevice);
        Assert.Equal(pattern, Read(again));
        again.Unmap();
        Assert.Equal(size, buffer.Size);
        Assert.Equal(size, buffer.Placement!.Size);
        attachment.Detach();
        buffer.Put();
        AssertAllReleased();
    }

    /// <summary>Invariant 2: once released, the exporter holds nothing of the buffer, so nothing keeps it (and the plugin) alive.</summary>
    [Fact]
    public void Holds_nothing_of_a_released_buffer()
    {
        var exporter = CreateExporter();
        var factory = CreateFactory();
        var released = ExportUseAndRelease(factory, exporter);
        for (var i = 0; i < 3 && released.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(released.IsAlive, $"a buffer exported by {exporter.Name} is still reachable after its release: the exporter keeps it");
        GC.KeepAlive(exporter);
        GC.KeepAlive(factory);
    }

    /// <summary>Invariant 5: a device attaching after placement that cannot reach the buffer is refused (or the buffer migrates); the buffer stays usable and its bytes intact.</summary>
    [Fact]
    public void A_late_device_that_cannot_reach_the_buffer_leaves_it_usable()
    {
        var buffer = Export(CreateFactory(), CreateExporter());
        var attachment = buffer.Attach(ExporterDevice);
        var pattern = Pattern(buffer.Size);
        var mapping = attachment.Map(DmaDirection.FromDevice);
        Write(mapping, pattern);
        mapping.Unmap();
        try
        {
            var late = buffer.Attach(LateNarrowDevice);
            late.Map(DmaDirection.ToDevice).Unmap();
            late.Detach();
        }
        catch (BufferPlacementConflictException e)
        {
            Assert.Contains(LateNarrowDevice.Name, e.Message);
        }

        var again = attachment.Map(DmaDirection.ToDevice);
        Assert.Equal(pattern, Read(again));
        again.Unmap();
        attachment.Detach();
        buffer.Put();
        AssertAllReleased();
    }

    /// <summary>Invariants 3, 6 and 7: maps need a live attachment, another direction conflicts, detach waits for the unmaps; the exporter stays consistent through each refusal.</summary>
    [Fact]
    public void Refused_maps_and_detaches_leave_the_exporter_consistent()
    {
        var buffer = Export(CreateFactory(), CreateExporter());
        var attachment = buffer.Attach(ImporterDevice);
        var mapping = attachment.Map(DmaDirection.ToDevice);
        Assert.Throws<DirectionConflictException>(() => attachment.Map(DmaDirection.FromDevice));
        Assert.Throws<BufferStateException>(attachment.Detach);
        mapping.Unmap();
        attachment.Map(DmaDirection.FromDevice).Unmap();
        attachment.Detach();
        Assert.Throws<BufferStateException>(() => attachment.Map(DmaDirection.ToDevice));
        buffer.Put();
        AssertAllReleased();
    }

    /// <summary>Optional (<see cref="RefusedDevice"/>): a refused attach is undone; the buffer and its other attachments go on.</summary>
    [Fact]
    public void A_refused_attach_is_undone()
    {
        if (RefusedDevice is not { } refused)
        {
            return;
        }

        var buffer = Export(CreateFactory(), CreateExporter());
        var attachment = buffer.Attach(ExporterDevice);
        var references = buffer.ReferenceCount;
        Assert.ThrowsAny<Exception>(() => buffer.Attach(refused));
        Assert.Equal(references, buffer.ReferenceCount);
        attachment.Map(DmaDirection.FromDevice).Unmap();
        attachment.Detach();
        buffer.Put();
        AssertAllReleased();
    }

    /// <summary>Invariant 9: vmaps nest and end in any order; the bytes written through one are read through the next.</summary>
    [Fact]
    public void Counted_vmaps_nest()
    {
        if (!SupportsVmap)
        {
            return;
        }

        var buffer = Export(CreateFactory(), CreateExporter());
        var first = buffer.Vmap();
        var second = buffer.Vmap();
        using (var access = buffer.BeginCpuAccess(CpuAccessMode.Write))
        {
            first.Span.Fill(0x42);
        }

        first.Dispose();
        using (var access = buffer.BeginCpuAccess(CpuAccessMode.Read))
        {
            Assert.Equal(0x42, second.Span[(int)(buffer.Size - 1)]);
        }

        second.Dispose();
        buffer.Vmap().Dispose();
        buffer.Put();
        AssertAllReleased();
    }

    /// <summary>Invariant 10: CPU access begins and ends in every mode, from two threads, and a view after the end fails.</summary>
    [Fact]
    public async Task Cpu_access_begins_and_ends()
    {
        if (!SupportsCpuAccess)
        {
            return;
        }

        var buffer = Export(CreateFactory(), CreateExporter());
        using (var access = buffer.BeginCpuAccess(CpuAccessMode.ReadWrite))
        {
            access.Span.Fill(7);
        }

        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 20; i++)
            {
                using var access = buffer.BeginCpuAccess(CpuAccessMode.Read);
                Assert.Equal(7, access.ReadOnlySpan[0]);
            }
        })));
        var ended = buffer.BeginCpuAccess(CpuAccessMode.Read);
        ended.End();
        Assert.Throws<CpuAccessException>(() => ended.ReadOnlySpan.Length);
        buffer.Put();
        AssertAllReleased();
    }

    /// <summary>One exporter serves many buffers on several threads at once, each through its whole lifecycle.</summary>
    [Fact]
    public async Task Serves_buffers_on_several_threads()
    {
        if (!SupportsConcurrentUse)
        {
            return;
        }

        var factory = CreateFactory();
        var exporter = CreateExporter();
        var buffers = await Task.WhenAll(Enumerable.Range(0, 4).Select(t => Task.Run(() =>
        {
            var made = new List<IDmaBuf>();
            for (var i = 0; i < 25; i++)
            {
                var buffer = factory.Export(Request, ExporterDevice, $"thread{t}-{i}", exporter);
                made.Add(buffer);
                var a = buffer.Attach(ExporterDevice);
                var b = buffer.Attach(ImporterDevice);
                var write = a.Map(DmaDirection.FromDevice);
                Fill(write, (byte)(t + 1));
                write.Unmap();
                var read = b.Map(DmaDirection.ToDevice);
                AssertFilled(read, (byte)(t + 1));
                read.Unmap();
                b.Detach();
                a.Detach();
                buffer.Put();
            }

            return made;
        })));
        Assert.All(buffers.SelectMany(b => b), b => Assert.True(b.IsReleased, $"{b.Name} was not released"));
    }

    /// <summary>Exports a buffer with the exporter through <paramref name="factory"/>, remembered so the fact can check it is released.</summary>
    /// <param name="factory">The factory.</param>
    /// <param name="exporter">The exporter.</param>
    /// <returns>The buffer, with one reference for the caller.</returns>
    protected IDmaBuf Export(IDmaBufFactory factory, DmaBufExporter exporter)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var buffer = factory.Export(Request, ExporterDevice, null, exporter, [ImporterDevice]);
        _exported.Add(buffer);
        return buffer;
    }

    /// <summary>Fails unless every buffer exported in this fact was released.</summary>
    protected void AssertAllReleased()
    {
        var kept = _exported.Where(b => !b.IsReleased).Select(b => $"{b.Name} ({b.ReferenceCount} reference(s))").ToArray();
        Assert.True(kept.Length == 0, "not released: " + string.Join(", ", kept));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference ExportUseAndRelease(IDmaBufFactory factory, DmaBufExporter exporter)
    {
        var buffer = factory.Export(Request, ExporterDevice, null, exporter, [ImporterDevice]);
        var attachment = buffer.Attach(ImporterDevice);
        Fill(attachment.Map(DmaDirection.FromDevice), 1, unmap: true);
        attachment.Detach();
        if (SupportsCpuAccess)
        {
            buffer.BeginCpuAccess(CpuAccessMode.Read).Dispose();
        }

        buffer.Put();
        Assert.True(buffer.IsReleased);
        return new WeakReference(buffer);
    }

    private static byte[] Pattern(long size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((i * 7) + 1);
        }

        return bytes;
    }

    private static void Fill(DmaBufMapping mapping, byte value, bool unmap = false)
    {
        for (var s = 0; s < mapping.Segments.Count; s++)
        {
            mapping.Segment(s).Fill(value);
        }

        if (unmap)
        {
            mapping.Unmap();
        }
    }

    private static void AssertFilled(DmaBufMapping mapping, byte value)
    {
        for (var s = 0; s < mapping.Segments.Count; s++)
        {
            Assert.True(mapping.Segment(s).IndexOfAnyExcept(value) < 0, $"segment {s} does not hold the bytes written ({value})");
        }
    }

    private static void Write(DmaBufMapping mapping, byte[] bytes)
    {
        foreach (var (segment, s) in mapping.Segments.Select((x, i) => (x, i)))
        {
            bytes.AsSpan((int)segment.Offset, (int)segment.Length).CopyTo(mapping.Segment(s));
        }
    }

    private static byte[] Read(DmaBufMapping mapping)
    {
        var bytes = new byte[mapping.Segments.Sum(s => s.Length)];
        foreach (var (segment, s) in mapping.Segments.Select((x, i) => (x, i)))
        {
            mapping.Segment(s).CopyTo(bytes.AsSpan((int)segment.Offset, (int)segment.Length));
        }

        return bytes;
    }
}
