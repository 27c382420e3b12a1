namespace PluggableDmaBuf.Testing.Tests.Buffers;

/// <summary>Devices the kit's own tests attach.</summary>
internal static class Devices
{
    public static DeviceDescription Camera { get; } = new("cam0", formats: [new FormatSupport(PixelFormat.NV12), new FormatSupport(PixelFormat.XR24)]);

    public static DeviceDescription Gpu { get; } = new("gpu0", hasIommu: true);

    /// <summary>Reaches only the first 4 GiB: not the <c>system</c> heap.</summary>
    public static DeviceDescription Narrow { get; } = new("narrow0", addressBits: 32, heaps: ["system-dma32", "cma"]);

    public static BufferRequest Image(int width = 64, int height = 48) => BufferRequest.ForImage(width, height, [PixelFormat.NV12]);
}
