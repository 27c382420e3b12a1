using CsCheck;
using PluggableDmaBuf.Core.Buffers;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Negotiation;
using PluggableDmaBuf.Core.Tests.Support;

namespace PluggableDmaBuf.Core.Tests.Negotiation;

/// <summary>
/// Negotiation and the buffer use one reachability rule, so their verdicts agree on random devices
/// and placements: what the engine places for a set of devices every one of them attaches to and
/// maps directly; and on a real placement, a device's attach and map do what the rule's verdict says
/// (refused when unreachable, bounced when it bounces, direct otherwise).
/// </summary>
public sealed class ReachabilityProperties
{
    private static readonly Gen<int[]> s_seed = Gen.Int[0, 1 << 20].Array[12];
    private static readonly Gen<long> s_size = Gen.Long[1, 32L << 20];

    [Fact]
    public void What_negotiation_places_for_the_devices_each_of_them_attaches_to_and_maps_directly()
    {
        Gen.Select(s_seed.Array[1, 4], s_size).Sample((seeds, size) =>
        {
            using var scope = new CoreScope(new DmaBufCoreOptions { Strict = true, LateAttach = LateAttachPolicy.Refuse, Storage = PluggableDmaBuf.Core.Storage.StorageKind.NativeMemory });
            var core = scope.Core;
            var devices = seeds.Select((seed, i) => NegotiationProperties.MakeDevice($"d{i}", seed)).ToArray();
            var result = core.Negotiate(BufferRequest.ForSize(size, "d0"), devices);
            if (!result.Succeeded)
            {
                return;
            }

            var buffer = core.Allocate(result.Placement);
            try
            {
                foreach (var device in devices)
                {
                    var reach = ((DmaBuf)buffer).Backing.Reach(device);
                    Assert.True(reach.Kind == ReachKind.Direct, $"{device} on {result.Placement}: {reach}");
                    var attachment = buffer.Attach(device);
                    var mapping = attachment.Map(DmaDirection.Bidirectional);
                    Assert.False(mapping.IsBounced);
                    Assert.True(mapping.Segments.Count <= (device.HasIommu ? 1 : device.MaxSegments ?? int.MaxValue));
                    mapping.Unmap();
                    attachment.Detach();
                }

                Assert.Equal(0, core.Accounting.Migrations);
            }
            finally
            {
                buffer.Put();
            }
        }, iter: 400, threads: 1);
    }

    [Fact]
    public void A_late_attach_and_its_map_do_what_the_verdict_on_the_real_placement_says()
    {
        Gen.Select(s_seed, s_seed, s_size).Sample((ownerSeed, deviceSeed, size) =>
        {
            using var scope = new CoreScope(new DmaBufCoreOptions { Strict = true, LateAttach = LateAttachPolicy.Refuse, Storage = PluggableDmaBuf.Core.Storage.StorageKind.NativeMemory });
            var core = scope.Core;
            var owner = NegotiationProperties.MakeDevice("owner", ownerSeed);
            var device = NegotiationProperties.MakeDevice("late", deviceSeed);
            var result = core.Negotiate(BufferRequest.ForSize(size, "owner"), [owner]);
            if (!result.Succeeded)
            {
                return;
            }

            var buffer = core.Allocate(result.Placement);
            try
            {
                var reach = ((DmaBuf)buffer).Backing.Reach(device);
                if (reach.Kind == ReachKind.Unreachable)
                {
                    var error = Assert.Throws<BufferPlacementConflictException>(() => buffer.Attach(device));
                    Assert.Equal(reach.Constraint, error.Conflict.Constraint);
                    Assert.Contains("late cannot attach", error.Message, StringComparison.Ordinal);
                    return;
                }

                var attachment = buffer.Attach(device);
                var mapping = attachment.Map(DmaDirection.Bidirectional);
                Assert.Equal(reach.Kind == ReachKind.Bounce, mapping.IsBounced);
                Assert.True(mapping.Segments.Count <= (device.HasIommu ? 1 : device.MaxSegments ?? int.MaxValue));
                mapping.Unmap();
                attachment.Detach();
            }
            finally
            {
                buffer.Put();
            }
        }, iter: 400, threads: 1);
    }
}
