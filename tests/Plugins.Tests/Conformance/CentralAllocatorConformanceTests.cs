using Microsoft.Extensions.Logging.Abstractions;
using PluggableDmaBuf.Core.Negotiation;
using PluggableDmaBuf.Plugins.CentralAllocator.Allocation;

namespace PluggableDmaBuf.Plugins.Tests.Conformance;

/// <summary>The CentralAllocator plugin's allocator, negotiating with the kit's negotiator.</summary>
public sealed class CentralBufferAllocatorConformanceTests : Testing.Conformance.CentralAllocatorConformanceTests
{
    protected override IBufferAllocator CreateAllocator(IDmaBufFactory factory, INegotiator negotiator, IDeviceRegistry devices) =>
        new CentralBufferAllocator(factory, negotiator, devices, NullLogger<CentralBufferAllocator>.Instance);
}

/// <summary>The CentralAllocator plugin's allocator with the framework's negotiation engine, as the host runs it.</summary>
public sealed class CentralBufferAllocatorOnEngineConformanceTests : Testing.Conformance.CentralAllocatorConformanceTests
{
    protected override IBufferAllocator CreateAllocator(IDmaBufFactory factory, INegotiator negotiator, IDeviceRegistry devices) =>
        new CentralBufferAllocator(factory, negotiator, devices, NullLogger<CentralBufferAllocator>.Instance);

    protected override INegotiator CreateNegotiator() => NegotiationEngine.Instance;
}
