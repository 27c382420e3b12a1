using PluggableDmaBuf.Testing.Conformance;
using Xunit.Sdk;

namespace PluggableDmaBuf.Testing.Tests.Conformance;

/// <summary>The allocator suite can fail: deliberately broken allocators fail the facts about their rules; a correct one passes them all.</summary>
public sealed class BrokenAllocatorTests
{
    [Fact]
    public void A_correct_allocator_passes_every_fact()
    {
        var suite = new Suite((f, n, d) => new SimpleCentral(f, n, d));
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
        Assert.Throws<TrueException>(new Suite((f, n, d) => new SimpleCentral(f, n, d, potentialConsumers: false)).Placements_are_reachable_by_potential_consumers);

    [Fact]
    public void An_allocator_that_recycles_held_buffers_fails_the_recycling_rule() =>
        Assert.ThrowsAny<XunitException>(new Suite((f, n, d) => new SimpleCentral(f, n, d, recycleHeld: true)).Recycles_only_free_buffers_of_the_same_exporter);

    [Fact]
    public void An_allocator_that_keeps_its_pool_after_dispose_fails_the_dispose_rule() =>
        Assert.ThrowsAny<XunitException>(new Suite((f, n, d) => new SimpleCentral(f, n, d, dropOnDispose: false)).Dispose_drops_everything);

    [Fact]
    public void An_allocator_that_drops_the_exporter_fails_the_exporter_rule() =>
        Assert.ThrowsAny<XunitException>(new Suite((f, n, d) => new SimpleCentral(f, n, d, keepExporter: false)).Carries_the_given_exporter);

    private sealed class Suite(Func<IDmaBufFactory, INegotiator, IDeviceRegistry, IBufferAllocator> create) : CentralAllocatorConformanceTests
    {
        protected override IBufferAllocator CreateAllocator(IDmaBufFactory factory, INegotiator negotiator, IDeviceRegistry devices) =>
            create(factory, negotiator, devices);
    }

    /// <summary>A small pooling central allocator, with switches that break one rule each.</summary>
    private sealed class SimpleCentral(IDmaBufFactory factory, INegotiator negotiator, IDeviceRegistry devices, bool potentialConsumers = true,
        bool recycleHeld = false, bool dropOnDispose = true, bool keepExporter = true) : IBufferAllocator
    {
        private readonly List<(IDmaBuf Buffer, DmaBufExporter? Exporter, string Layout)> _pool = [];

        public string Kind => "central";

        public IDmaBuf Allocate(BufferRequest request, string? name = null, DmaBufExporter? exporter = null)
        {
            var names = new[] { request.Exporter }.OfType<string>().Concat(request.Participants).Distinct().ToList();
            var participants = names.Select(n => devices.Find(n)?.Device
                ?? throw new InvalidConstraintException("participants", $"device '{n}' is not registered")).ToList();
            if (potentialConsumers)
            {
                participants.AddRange(devices.Devices.Select(r => r.Device)
                    .Where(d => !names.Contains(d.Name) && request.Usage.Any(d.HasUsage)));
            }

            var placement = negotiator.Negotiate(request, participants, factory.Heaps, factory.LargestFreeBlock).GetPlacementOrThrow();
            var layout = placement.ToString();
            lock (_pool)
            {
                foreach (var (buffer, owner, key) in _pool)
                {
                    if (key == layout && owner == exporter && !buffer.IsReleased && (recycleHeld || buffer.ReferenceCount == 1))
                    {
                        buffer.Get();
                        return buffer;
                    }
                }

                var made = factory.Allocate(placement, name, keepExporter ? exporter : null);
                made.Get();
                _pool.Add((made, exporter, layout));
                return made;
            }
        }

        public void Dispose()
        {
            if (!dropOnDispose)
            {
                return;
            }

            lock (_pool)
            {
                foreach (var (buffer, _, _) in _pool.Where(p => !p.Buffer.IsReleased))
                {
                    buffer.Put();
                }

                _pool.Clear();
            }
        }
    }
}
