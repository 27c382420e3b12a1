using PluggableDmaBuf.Core.Memory;

namespace PluggableDmaBuf.Host.Negotiation;

/// <summary>A parsed <c>pdmabuf negotiate</c> file: the request, its participants and the memory map.</summary>
internal sealed record NegotiateInput(BufferRequest Request, IReadOnlyList<DeviceDescription> Devices, MemoryMap Memory);
