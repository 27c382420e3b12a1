using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>Invariant 6: mapping an attachment already mapped in another direction fails, unless the cached direction is bidirectional.</summary>
public sealed class MapDirectionTests : LeakCheckedTest
{
    [Theory]
    [InlineData(DmaDirection.ToDevice, DmaDirection.FromDevice)]
    [InlineData(DmaDirection.FromDevice, DmaDirection.ToDevice)]
    [InlineData(DmaDirection.ToDevice, DmaDirection.Bidirectional)]
    public void Another_direction_fails_while_mapped(DmaDirection first, DmaDirection second)
    {
        var buffer = ExportDeferred(TestDevices.Video());
        var gpu = buffer.Attach(TestDevices.Gpu());
        var mapping = gpu.Map(first);

        var error = Assert.Throws<DirectionConflictException>(() => gpu.Map(second));

        Assert.Equal(first, error.Mapped);
        Assert.Equal(second, error.Requested);
        Assert.Contains("gpu0", error.Message);
        Assert.Equal(first, mapping.Direction);
        mapping.Unmap();
        Assert.False(gpu.IsMapped);
        gpu.Detach();
        buffer.Put();
    }

    [Theory]
    [InlineData(DmaDirection.Bidirectional, DmaDirection.ToDevice)]
    [InlineData(DmaDirection.Bidirectional, DmaDirection.FromDevice)]
    [InlineData(DmaDirection.ToDevice, DmaDirection.ToDevice)]
    public void A_bidirectional_or_same_direction_mapping_is_reused_and_needs_as_many_unmaps(DmaDirection first, DmaDirection second)
    {
        var buffer = ExportDeferred(TestDevices.Video());
        var gpu = buffer.Attach(TestDevices.Gpu());
        var mapping = gpu.Map(first);

        var again = gpu.Map(second);

        Assert.Equal(mapping, again);
        Assert.Equal(first, again.Direction);
        again.Unmap();
        Assert.True(gpu.IsMapped);
        Assert.Throws<BufferStateException>(gpu.Detach);
        mapping.Unmap();
        Assert.False(gpu.IsMapped);
        Assert.Throws<BufferStateException>(mapping.Unmap);
        gpu.Detach();
        buffer.Put();
    }

    [Fact]
    public void After_the_last_unmap_any_direction_can_be_mapped()
    {
        var buffer = ExportDeferred(TestDevices.Video());
        var gpu = buffer.Attach(TestDevices.Gpu());
        gpu.Map(DmaDirection.ToDevice).Unmap();

        var mapping = gpu.Map(DmaDirection.FromDevice);

        Assert.Equal(DmaDirection.FromDevice, mapping.Direction);
        mapping.Unmap();
        gpu.Detach();
        buffer.Put();
    }
}
