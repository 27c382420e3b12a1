using PluggableDmaBuf.Testing.Conformance;
using Xunit.Sdk;

namespace PluggableDmaBuf.Testing.Tests.Conformance;

/// <summary>The exporter suite can fail: each deliberately broken exporter fails the fact about its rule, and a correct one passes them all.</summary>
public sealed class BrokenExporterTests
{
    [Fact]
    public async Task A_correct_exporter_passes_every_fact()
    {
        var suite = new Suite(() => new Correct());
        suite.Declares_map_unmap_and_release();
        suite.Survives_the_whole_lifecycle();
        suite.Never_changes_the_size_or_the_bytes();
        suite.Holds_nothing_of_a_released_buffer();
        suite.A_late_device_that_cannot_reach_the_buffer_leaves_it_usable();
        suite.Refused_maps_and_detaches_leave_the_exporter_consistent();
        suite.A_refused_attach_is_undone();
        suite.Counted_vmaps_nest();
        await suite.Cpu_access_begins_and_ends();
        await suite.Serves_buffers_on_several_threads();
    }

    [Fact]
    public void An_exporter_without_release_fails_invariant_1() =>
        Assert.Throws<TrueException>(new Suite(() => new WithoutRelease()).Declares_map_unmap_and_release);

    [Fact]
    public void An_exporter_that_clears_the_bytes_at_unmap_fails_the_bytes_rule() =>
        Assert.ThrowsAny<XunitException>(new Suite(() => new ClearsAtUnmap()).Never_changes_the_size_or_the_bytes);

    [Fact]
    public void An_exporter_that_keeps_released_buffers_fails_invariant_2() =>
        Assert.Throws<FalseException>(new Suite(() => new KeepsBuffers()).Holds_nothing_of_a_released_buffer);

    [Fact]
    public void An_exporter_whose_detach_throws_fails_the_lifecycle() =>
        Assert.Throws<InvalidOperationException>(new Suite(() => new DetachThrows()).Survives_the_whole_lifecycle);

    /// <summary>Not discovered by xunit (not public): its facts are called by the tests above.</summary>
    private sealed class Suite(Func<DmaBufExporter> create) : ExporterConformanceTests
    {
        protected override DmaBufExporter CreateExporter() => create();
    }

    private class Correct() : DmaBufExporter("correct")
    {
        public override void Map(DmaBufMapping mapping)
        {
        }

        public override void Unmap(DmaBufMapping mapping)
        {
        }

        public override void Release(IDmaBuf buffer)
        {
        }
    }

    private sealed class WithoutRelease() : DmaBufExporter("no-release")
    {
        public override DmaBufOperations Operations => DmaBufOperations.Map | DmaBufOperations.Unmap;

        public override void Map(DmaBufMapping mapping)
        {
        }

        public override void Unmap(DmaBufMapping mapping)
        {
        }

        public override void Release(IDmaBuf buffer)
        {
        }
    }

    private sealed class ClearsAtUnmap() : Correct
    {
        public override void Unmap(DmaBufMapping mapping)
        {
            if (mapping.Direction is DmaDirection.ToDevice)
            {
                mapping.GetLinearSpan().Clear();
            }
        }
    }

    private sealed class KeepsBuffers() : Correct
    {
        private readonly List<IDmaBuf> _all = [];

        public override void Release(IDmaBuf buffer)
        {
            lock (_all)
            {
                _all.Add(buffer);
            }
        }
    }

    private sealed class DetachThrows() : Correct
    {
        public override void Detach(DmaBufAttachment attachment) => throw new InvalidOperationException("the device is gone");
    }
}
