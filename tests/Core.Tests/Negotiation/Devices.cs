using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Negotiation;

namespace PluggableDmaBuf.Core.Tests.Negotiation;

/// <summary>Short-hands for the negotiation tests.</summary>
internal static class Devices
{
    public static DeviceDescription Gpu(string name = "gpu0", long alignment = 65536, int pitch = 64, params FormatSupport[] formats) =>
        new(name, hasIommu: true, addressBits: 48, alignment: alignment, pitchAlignment: pitch,
            heaps: ["system", "system-dma32", "cma", $"{name}-vram"],
            formats: formats.Length == 0 ? null : formats);

    public static DeviceDescription Display(string name = "display0", int? maxSegments = 1, int bits = 32, int pitch = 256, params FormatSupport[] formats) =>
        new(name, addressBits: bits, maxSegments: maxSegments, pitchAlignment: pitch, formats: formats.Length == 0 ? null : formats);

    public static FormatSupport F(PixelFormat format, params string[] modifiers) =>
        new(format, modifiers.Length == 0 ? null : modifiers);

    public static NegotiationResult Negotiate(BufferRequest request, params DeviceDescription[] devices) =>
        NegotiationEngine.Instance.Negotiate(request, devices, MemoryMap.NegotiateDefault.Heaps);

    public static NegotiationResult Negotiate(MemoryMap map, BufferRequest request, params DeviceDescription[] devices) =>
        NegotiationEngine.Instance.Negotiate(request, devices, map.Heaps);
}
