using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Moq;
using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Negotiation;
using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.DependencyInjection;

/// <summary><c>AddDmaBufCore</c> composes the core, its factory, one negotiator and the fence service.</summary>
public sealed class AddDmaBufCoreTests
{
    [Fact]
    public void The_core_the_factory_the_negotiator_and_the_fence_service_are_singletons()
    {
        using var provider = new ServiceCollection().AddDmaBufCore().BuildServiceProvider();

        var core = provider.GetRequiredService<DmaBufCore>();
        Assert.Same(core, provider.GetRequiredService<IDmaBufFactory>());
        Assert.Same(core, provider.GetRequiredService<DmaBufCore>());
        Assert.Same(NegotiationEngine.Instance, provider.GetRequiredService<INegotiator>());
        Assert.Same(provider.GetRequiredService<IFenceService>(), provider.GetRequiredService<IFenceService>());
        Assert.Same(MemoryMap.SystemDefault, core.Map);
    }

    [Fact]
    public void Calling_it_twice_registers_each_service_once_and_applies_both_configurations()
    {
        var services = new ServiceCollection()
            .AddDmaBufCore(o => o.Strict = true)
            .AddDmaBufCore(o => o.BounceBuffers = false);
        using var provider = services.BuildServiceProvider();

        Assert.Single(provider.GetServices<DmaBufCore>());
        Assert.Single(provider.GetServices<IDmaBufFactory>());
        Assert.Single(provider.GetServices<INegotiator>());
        Assert.Single(provider.GetServices<IFenceService>());
        Assert.Single(provider.GetServices<IValidateOptions<DmaBufCoreOptions>>());
        var options = provider.GetRequiredService<DmaBufCore>().Options;
        Assert.True(options.Strict);
        Assert.False(options.BounceBuffers);
    }

    [Fact]
    public void The_core_negotiates_with_the_negotiator_registered_in_the_services()
    {
        var engine = NegotiationEngine.Instance;
        var negotiator = new Mock<INegotiator>(MockBehavior.Strict);
        negotiator.Setup(n => n.Negotiate(It.IsAny<BufferRequest>(), It.IsAny<IReadOnlyList<DeviceDescription>>(),
                It.IsAny<IReadOnlyList<HeapDescription>>(), It.IsAny<Func<HeapDescription, long>?>()))
            .Returns((BufferRequest r, IReadOnlyList<DeviceDescription> p, IReadOnlyList<HeapDescription> h, Func<HeapDescription, long>? f) =>
                engine.Negotiate(r, p, h, f));
        using var provider = new ServiceCollection()
            .AddSingleton(negotiator.Object)
            .AddDmaBufCore()
            .BuildServiceProvider();
        var core = provider.GetRequiredService<DmaBufCore>();
        var video = TestDevices.Video();

        var buffer = core.Export(BufferRequest.ForSize(1 << 20, video.Name), video, "injected");
        buffer.Put();

        Assert.Same(negotiator.Object, provider.GetRequiredService<INegotiator>());
        negotiator.Verify(n => n.Negotiate(It.IsAny<BufferRequest>(), It.IsAny<IReadOnlyList<DeviceDescription>>(),
            It.IsAny<IReadOnlyList<HeapDescription>>(), It.IsAny<Func<HeapDescription, long>?>()), Times.Once);
        LeakCheckedTest.AssertNoLeaks(core);
    }

    [Fact]
    public void A_memory_map_registered_before_the_call_is_the_cores()
    {
        var map = MemoryMap.NegotiateDefault;
        using var provider = new ServiceCollection().AddSingleton(map).AddDmaBufCore().BuildServiceProvider();

        Assert.Same(map, provider.GetRequiredService<DmaBufCore>().Map);
        Assert.Contains(provider.GetRequiredService<IDmaBufFactory>().Heaps, h => h.Name == "gpu0-vram");
    }

    [Fact]
    public void The_core_keeps_its_own_copy_of_the_options()
    {
        var options = new DmaBufCoreOptions { Strict = true };
        var core = new DmaBufCore(MemoryMap.SystemDefault, options);

        options.Strict = false;

        Assert.True(core.Options.Strict);
        Assert.NotSame(options, core.Options);
    }
}
