namespace PluggableDmaBuf.Core.Tests.Support;

/// <summary>The devices the buffer tests use, shaped like the built-in plugins' ones.</summary>
internal static class TestDevices
{
    /// <summary>A GPU behind an IOMMU with 48 address bits, reaching every system heap and its own VRAM.</summary>
    public static DeviceDescription Gpu(string name = "gpu0") =>
        new(name, hasIommu: true, addressBits: 48, alignment: 65536, pitchAlignment: 64,
            heaps: ["system", "system-dma32", "cma", "gpu0-vram"],
            formats: [new FormatSupport(PixelFormat.XR24), new FormatSupport(PixelFormat.NV12)]);

    /// <summary>A display controller without IOMMU: 32 address bits, one segment.</summary>
    public static DeviceDescription Display(string name = "display0", int pitchAlignment = 256) =>
        new(name, addressBits: 32, maxSegments: 1, pitchAlignment: pitchAlignment,
            formats: [new FormatSupport(PixelFormat.XR24), new FormatSupport(PixelFormat.NV12)]);

    /// <summary>A capture device without IOMMU and without limits (64-bit DMA, any number of segments).</summary>
    public static DeviceDescription Video(string name = "video0") =>
        new(name, formats: [new FormatSupport(PixelFormat.NV12), new FormatSupport(PixelFormat.XR24)]);

    /// <summary>A DSP without IOMMU whose 32-bit mask cannot reach <c>system</c>, with no segment limit: it bounces.</summary>
    public static DeviceDescription Dsp(string name = "dsp0") => new(name, addressBits: 32);

    /// <summary>An accelerator that only reaches the GPU's VRAM (peer access).</summary>
    public static DeviceDescription VramPeer(string name = "npu0") => new(name, hasIommu: true, addressBits: 48, heaps: ["gpu0-vram"]);
}
