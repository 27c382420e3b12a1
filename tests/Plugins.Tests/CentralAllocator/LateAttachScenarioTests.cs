using Microsoft.Extensions.Logging.Abstractions;
using PluggableDmaBuf.Core.Allocation;
using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Negotiation;
using PluggableDmaBuf.Plugins.CentralAllocator.Allocation;

namespace PluggableDmaBuf.Plugins.Tests.CentralAllocator;

/// <summary>
/// The hot-plug case at the core level (design §7): video0 and gpu0 share a frame, then display0's
/// overlay attaches late. With the central allocator nothing moves; without it the buffer migrates
/// (bytes counted) when its layout suits the display, and the attach is refused when it does not.
/// </summary>
public sealed class LateAttachScenarioTests
{
    private readonly DmaBufCore _core = new(MemoryMap.SystemDefault.With(Devices.Vram));

    [Fact]
    public void With_the_central_allocator_the_late_display_finds_the_buffer_in_reach()
    {
        using (var allocator = new CentralBufferAllocator(_core, NegotiationEngine.Instance, Devices.Registry().Object, NullLogger<CentralBufferAllocator>.Instance))
        {
            var buffer = allocator.Allocate(Devices.VideoLink(1920, 1080, overlay: true));
            RunLateAttach(buffer);

            Assert.Equal(0, _core.Accounting.Migrations);
            Assert.Equal(0, _core.Accounting.BytesCopied);
            buffer.Put();
        }

        Assert.Equal(0, _core.Accounting.LiveBuffers);
    }

    [Fact]
    public void Without_it_the_buffer_migrates_when_its_layout_suits_the_display()
    {
        var buffer = new ExporterAllocator(_core, Devices.Registry().Object).Allocate(Devices.VideoLink(1280, 720, overlay: true));

        RunLateAttach(buffer);

        Assert.Equal(1, _core.Accounting.Migrations);
        Assert.Equal(buffer.Size, _core.Accounting.BytesCopied);
        Assert.Equal("cma", buffer.Placement!.Heap.Name);
        buffer.Put();
        Assert.Equal(0, _core.Accounting.LiveBuffers);
    }

    [Fact]
    public void Without_it_the_attach_is_refused_when_the_layout_cannot_suit_the_display()
    {
        var buffer = new ExporterAllocator(_core, Devices.Registry().Object).Allocate(Devices.VideoLink(1920, 1080, overlay: true));
        var video = buffer.Attach(Devices.Video);
        var gpu = buffer.Attach(Devices.Gpu);
        video.Map(DmaDirection.FromDevice).Unmap();

        var error = Assert.Throws<BufferPlacementConflictException>(() => buffer.Attach(Devices.Display));

        Assert.Contains("display0", error.Message, StringComparison.Ordinal);
        Assert.Contains("pitch", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _core.Accounting.Migrations);
        gpu.Detach();
        video.Detach();
        buffer.Put();
        Assert.Equal(0, _core.Accounting.LiveBuffers);
    }

    /// <summary>video0 writes a frame, gpu0 reads it, then display0 attaches and reads the same bytes.</summary>
    private static void RunLateAttach(IDmaBuf buffer)
    {
        var video = buffer.Attach(Devices.Video);
        var gpu = buffer.Attach(Devices.Gpu);
        var write = video.Map(DmaDirection.FromDevice);
        write.GetLinearSpan().Fill(0x5A);
        write.Unmap();
        gpu.Map(DmaDirection.ToDevice).Unmap();

        var display = buffer.Attach(Devices.Display);
        var scanout = display.Map(DmaDirection.ToDevice);
        Assert.Single(scanout.Segments);
        Assert.True(scanout.Segments[0].DeviceAddress + (ulong)buffer.Size - 1 <= Devices.Display.AddressLimit);
        Assert.Equal(-1, scanout.GetLinearSpan().IndexOfAnyExcept((byte)0x5A));
        scanout.Unmap();

        display.Detach();
        gpu.Detach();
        video.Detach();
    }
}
