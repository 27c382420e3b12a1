using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Buffers;

/// <summary>Bounce buffers in dma32 for a device whose mask cannot reach the buffer: real copies, counted.</summary>
public sealed class BounceBufferTests : LeakCheckedTest
{
    [Fact]
    public void A_device_reading_a_buffer_beyond_its_mask_reads_a_copy_made_below_4_GiB()
    {
        var buffer = AllocateFor(1 << 20, TestDevices.Video());
        Assert.Equal("system", buffer.Placement!.Heap.Name);
        WritePattern(buffer, 5);
        var dsp = buffer.Attach(TestDevices.Dsp());

        var mapping = dsp.Map(DmaDirection.ToDevice);

        Assert.True(mapping.IsBounced);
        Assert.All(mapping.Segments, s => Assert.True(s.DeviceAddress + (ulong)s.Length - 1 <= 0xFFFF_FFFF));
        Assert.Equal(1 << 20, mapping.Segments.Sum(s => s.Length));
        using (var access = buffer.BeginCpuAccess(CpuAccessMode.Read))
        {
            var device = mapping.Segments.SelectMany((s, i) => mapping.Segment(i).ToArray()).ToArray();
            Assert.True(device.AsSpan().SequenceEqual(access.ReadOnlySpan));
            Assert.False(mapping.Segment(0).Overlaps(access.ReadOnlySpan));
        }

        Assert.Equal(1 << 20, Core.Accounting.BounceBytes);
        Assert.Equal(1, Core.Accounting.HeapUsage().Single(h => h.Heap == "system-dma32").LiveBuffers);
        mapping.Unmap();
        Assert.Equal(1 << 20, Core.Accounting.BytesCopied); // to-device: nothing copied back
        Assert.Equal(0, Core.Accounting.HeapUsage().Single(h => h.Heap == "system-dma32").LiveBuffers);
        dsp.Detach();
        buffer.Put();
    }

    [Fact]
    public void A_device_writing_through_a_bounce_buffer_is_copied_back_at_unmap()
    {
        var buffer = AllocateFor(64 << 10, TestDevices.Video());
        var dsp = buffer.Attach(TestDevices.Dsp());

        var mapping = dsp.Map(DmaDirection.FromDevice);
        Assert.Equal(0, Core.Accounting.BytesCopied);
        for (var i = 0; i < mapping.Segments.Count; i++)
        {
            mapping.Segment(i).Fill(0xC3);
        }

        using (var before = buffer.BeginCpuAccess(CpuAccessMode.Read))
        {
            Assert.Equal(0, before.ReadOnlySpan[0]);
        }

        mapping.Unmap();

        Assert.Equal(64 << 10, Core.Accounting.BounceBytes);
        using (var after = buffer.BeginCpuAccess(CpuAccessMode.Read))
        {
            Assert.True(after.ReadOnlySpan.IndexOfAnyExcept((byte)0xC3) < 0);
        }

        dsp.Detach();
        buffer.Put();
    }

    [Fact]
    public void A_bidirectional_bounce_copies_both_ways_and_the_buffer_counts_it()
    {
        var buffer = AllocateFor(64 << 10, TestDevices.Video());
        var dsp = buffer.Attach(TestDevices.Dsp());

        dsp.Map(DmaDirection.Bidirectional).Unmap();

        Assert.Equal(2 * (64 << 10), Core.Accounting.BytesCopied);
        Assert.Equal(2 * (64 << 10), Core.Accounting.Snapshot().Single().BytesCopied);
        Assert.Equal(0, Core.Accounting.Migrations);
        dsp.Detach();
        buffer.Put();
    }

    [Fact]
    public void With_bounce_buffering_off_the_device_is_refused_at_attach()
    {
        using var scope = new CoreScope(new DmaBufCoreOptions { Strict = true, BounceBuffers = false, LateAttach = LateAttachPolicy.Refuse });
        var placement = scope.Core.Negotiate(BufferRequest.ForSize(1 << 20), [TestDevices.Video()]).GetPlacementOrThrow();
        var buffer = scope.Core.Allocate(placement);

        var error = Assert.Throws<BufferPlacementConflictException>(() => buffer.Attach(TestDevices.Dsp()));

        Assert.Equal(ConstraintKind.Address, error.Conflict.Constraint);
        Assert.Contains("addresses below 4 GiB", error.Message);
        Assert.Contains("bounce buffering is off", error.Message);
        buffer.Put();
    }
}
