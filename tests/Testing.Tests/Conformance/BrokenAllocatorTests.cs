using PluggableDmaBuf.Testing.Conformance;
using PluggableDmaBuf.Testing.Tests.Support;
using Xunit.Sdk;

namespace PluggableDmaBuf.Testing.Tests.Conformance;

/// <summary>The allocator suite can fail: deliberately broken allocators fail the facts about their rules; a correct one passes them all.</summary>
public sealed class BrokenAllocatorTests
{
    [Fact]
    public void A_correct_allocator_passes_every_fact()
    {
        var suite = new Suite((f, n, d) => new SimpleCentralAllocator(f, n, d));
        suite.Says_it_is_central();
        suite.Placements_are_reachable_by_every_participant();
        suite.Placements_are_reachable_by_potential_consumers();
        suite.Carries_the_given_exporter();
        suite.Refuses_what_cannot_be_placed_clearly();
        suite.Recycles_only_free_buffers_of_the_same_exporter();
        suite.Dispose_drops_everything();
    }

    [Fact]
    public void An_allocator_that_ignores_potential_consumers_fails_their_rule() =>
        Assert.Throws<TrueException>(new Suite((f, n, d) => new SimpleCentralAllocator(f, n, d, potentialConsumers: false)).Placements_are_reachable_by_potential_consumers);

    [Fact]
    public void An_allocator_that_recycles_held_buffers_fails_the_recycling_rule() =>
        Assert.ThrowsAny<XunitException>(new Suite((f, n, d) => new SimpleCentralAllocator(f, n, d, recycleHeld: true)).Recycles_only_free_buffers_of_the_same_exporter);

    [Fact]
    public void An_allocator_that_keeps_its_pool_after_dispose_fails_the_dispose_rule() =>
        Assert.ThrowsAny<XunitException>(new Suite((f, n, d) => new SimpleCentralAllocator(f, n, d, dropOnDispose: false)).Dispose_drops_everything);

    [Fact]
    public void An_allocator_that_drops_the_exporter_fails_the_exporter_rule() =>
        Assert.ThrowsAny<XunitException>(new Suite((f, n, d) => new SimpleCentralAllocator(f, n, d, keepExporter: false)).Carries_the_given_exporter);

    private sealed class Suite(Func<IDmaBufFactory, INegotiator, IDeviceRegistry, IBufferAllocator> create) : CentralAllocatorConformanceTests
    {
        protected override IBufferAllocator CreateAllocator(IDmaBufFactory factory, INegotiator negotiator, IDeviceRegistry devices) =>
            create(factory, negotiator, devices);
    }
}
