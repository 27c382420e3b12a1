using PluggableDmaBuf.Testing.Buffers;

namespace PluggableDmaBuf.Testing.Tests.Buffers;

public sealed class MappingTests
{
    private readonly FakeDmaBufFactory _factory = new();

    [Fact]
    public void Segments_are_the_buffers_bytes_and_the_linear_span_covers_them()
    {
        var buffer = _factory.Export(Devices.Image(), Devices.Camera);
        var attachment = buffer.Attach(Devices.Camera);
        var mapping = attachment.Map(DmaDirection.FromDevice);
        mapping.GetLinearSpan().Fill(0x5a);
        Assert.Equal(buffer.Size, mapping.Segments.Sum(s => s.Length));
        Assert.Equal(0x5a, mapping.Segment(0)[0]);
        mapping.Unmap();
        using (var access = buffer.BeginCpuAccess(CpuAccessMode.Read))
        {
            Assert.All(access.ReadOnlySpan.ToArray(), b => Assert.Equal(0x5a, b));
        }

        attachment.Detach();
        buffer.Put();
        _factory.AssertNoLeaks();
    }

    [Fact]
    public void The_first_map_places_the_buffer_where_every_attachment_reaches()
    {
        var buffer = _factory.Export(Devices.Image(), Devices.Camera);
        var camera = buffer.Attach(Devices.Camera);
        var narrow = buffer.Attach(Devices.Narrow);
        Assert.Null(buffer.Placement);
        var mapping = camera.Map(DmaDirection.FromDevice);
        Assert.Equal("system-dma32", buffer.Placement!.Heap.Name);
        mapping.Unmap();
        camera.Detach();
        narrow.Detach();
        buffer.Put();
    }

    [Fact]
    public void A_late_device_that_cannot_reach_the_placement_is_refused_naming_it()
    {
        var buffer = _factory.Export(Devices.Image(), Devices.Camera);
        var camera = buffer.Attach(Devices.Camera);
        camera.Map(DmaDirection.FromDevice).Unmap();
        var error = Assert.Throws<BufferPlacementConflictException>(() => buffer.Attach(Devices.Narrow));
        Assert.Contains("narrow0", error.Message);
        Assert.Contains("system", error.Message);
        camera.Detach();
        buffer.Put();
        _factory.AssertNoLeaks();
    }

    [Fact]
    public void Another_direction_conflicts_unless_the_cached_one_is_bidirectional()
    {
        var buffer = _factory.Export(Devices.Image(), Devices.Camera);
        var attachment = buffer.Attach(Devices.Camera);
        var mapping = attachment.Map(DmaDirection.ToDevice);
        Assert.Throws<DirectionConflictException>(() => attachment.Map(DmaDirection.FromDevice));
        Assert.Equal(mapping, attachment.Map(DmaDirection.ToDevice));
        mapping.Unmap();
        mapping.Unmap();
        var both = attachment.Map(DmaDirection.Bidirectional);
        Assert.Equal(both, attachment.Map(DmaDirection.FromDevice));
        both.Unmap();
        both.Unmap();
        attachment.Detach();
        buffer.Put();
    }

    [Fact]
    public void Map_needs_a_live_attachment_and_detach_needs_every_unmap()
    {
        var buffer = _factory.Export(Devices.Image(), Devices.Camera);
        var attachment = buffer.Attach(Devices.Camera);
        var mapping = attachment.Map(DmaDirection.ToDevice);
        Assert.Throws<BufferStateException>(attachment.Detach);
        mapping.Unmap();
        Assert.Throws<BufferStateException>(() => mapping.Segment(0));
        attachment.Detach();
        Assert.Throws<BufferStateException>(() => attachment.Map(DmaDirection.ToDevice));
        Assert.False(attachment.IsAttached);
        Assert.Throws<BufferStateException>(() => default(DmaBufAttachment).Map(DmaDirection.ToDevice));

        // The slot is reused by the next attach; the stale handle still fails.
        var again = buffer.Attach(Devices.Camera);
        Assert.Throws<BufferStateException>(() => attachment.Map(DmaDirection.ToDevice));
        again.Detach();
        buffer.Put();
    }

    [Fact]
    public void A_scattered_heap_gives_page_segments_and_a_one_segment_device_gets_contiguous_memory()
    {
        var scattered = _factory.Export(BufferRequest.ForSize(5 * DeviceDescription.PageSize), Devices.Camera);
        var attachment = scattered.Attach(Devices.Camera);
        var mapping = attachment.Map(DmaDirection.FromDevice);
        Assert.Equal("system", scattered.Placement!.Heap.Name);
        Assert.Equal(5, mapping.Segments.Count);
        Assert.Equal(5 * DeviceDescription.PageSize, mapping.GetLinearSpan().Length);
        mapping.Unmap();
        attachment.Detach();
        scattered.Put();

        var scanout = new DeviceDescription("scanout0", addressBits: 32, maxSegments: 1);
        var contiguous = _factory.Export(BufferRequest.ForSize(5 * DeviceDescription.PageSize), scanout);
        var single = contiguous.Attach(scanout);
        var table = single.Map(DmaDirection.ToDevice);
        Assert.Equal("cma", contiguous.Placement!.Heap.Name);
        Assert.Single(table.Segments);
        table.Unmap();
        single.Detach();
        contiguous.Put();
        _factory.AssertNoLeaks();
    }
}
