using CsCheck;
using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Negotiation;

namespace PluggableDmaBuf.Core.Tests.Negotiation;

/// <summary>Property-based checks of the merge rules over random devices and requests.</summary>
public sealed class NegotiationProperties
{
    private static readonly string[] s_heapNames = ["system", "system-dma32", "cma", "gpu0-vram"];
    private static readonly string[] s_modifiers = ["linear", "tiled", "compressed"];
    private static readonly MemoryMap s_map = MemoryMap.NegotiateDefault;

    private static readonly Gen<int[]> s_seed = Gen.Int[0, 1 << 20].Array[12];
    private static readonly Gen<(int[][] Devices, int[] Request)> s_case =
        Gen.Select(s_seed.Array[1, 4], s_seed);

    [Fact]
    public void A_chosen_placement_satisfies_every_participant()
    {
        s_case.Sample(c =>
        {
            var devices = c.Devices.Select((seed, i) => MakeDevice($"d{i}", seed)).ToArray();
            var request = MakeRequest(c.Request);
            var result = NegotiationEngine.Instance.Negotiate(request, devices, s_map.Heaps);
            if (result.Succeeded)
            {
                AssertSatisfies(result.Placement, request, devices);
            }
            else
            {
                Assert.NotEmpty(result.Conflict.Message);
                Assert.All(result.Conflict.Devices, d => Assert.Contains(d, devices.Select(x => x.Name)));
            }
        }, iter: 3000);
    }

    [Fact]
    public void Adding_a_participant_never_loosens_a_limit()
    {
        Gen.Select(s_case, s_seed).Sample((c, extraSeed) =>
        {
            var devices = c.Devices.Select((seed, i) => MakeDevice($"d{i}", seed)).ToArray();
            var more = devices.Append(MakeDevice("extra", extraSeed)).ToArray();
            var request = MakeRequest(c.Request);
            var before = NegotiationEngine.Instance.Negotiate(request, devices, s_map.Heaps);
            var after = NegotiationEngine.Instance.Negotiate(request, more, s_map.Heaps);
            if (!before.Succeeded)
            {
                // The spec fixes the format before the heap (no backtracking), so a new participant that rules
                // out the exporter's first format can make a smaller one fit; otherwise no conflict goes away.
                if (!request.IsImage || before.Conflict.Constraint is ConstraintKind.Format or ConstraintKind.Modifier)
                {
                    Assert.False(after.Succeeded, "a conflict cannot be solved by adding a participant");
                }

                return;
            }

            if (!after.Succeeded)
            {
                return;
            }

            var (b, a) = (before.Placement, after.Placement);
            Assert.Equal(0, a.Alignment % b.Alignment);
            // A new participant may change the format (and so the size); within one format nothing shrinks.
            Assert.True(a.Format != b.Format || a.Size >= b.Size);
            Assert.True((a.MaxSegments ?? int.MaxValue) <= (b.MaxSegments ?? int.MaxValue));
            Assert.True((a.MaxSegmentSize ?? long.MaxValue) <= (b.MaxSegmentSize ?? long.MaxValue));
            Assert.True((a.AddressLimit ?? ulong.MaxValue) <= (b.AddressLimit ?? ulong.MaxValue));
            for (var i = 0; i < a.Planes.Count && a.Format == b.Format; i++)
            {
                Assert.True(a.Planes[i].Pitch >= b.Planes[i].Pitch);
            }
        }, iter: 2000);
    }

    private static void AssertSatisfies(NegotiatedPlacement placement, BufferRequest request, DeviceDescription[] devices)
    {
        var heap = placement.Heap;
        var pages = placement.Size / DeviceDescription.PageSize;
        Assert.True(placement.Size <= heap.Size);
        foreach (var device in devices)
        {
            Assert.True(device.CanReach(heap), $"{device} cannot reach {heap}");
            Assert.Equal(0, placement.Alignment % device.Alignment);
            if (!device.HasIommu)
            {
                Assert.True(heap.Zone.Last <= device.AddressLimit, $"{heap} is beyond {device}'s mask");
                var segments = heap.Kind == HeapKind.Scattered ? pages
                    : device.MaxSegmentSize is { } mss ? (placement.Size + mss - 1) / mss : 1;
                Assert.True(segments <= (device.MaxSegments ?? int.MaxValue), $"{heap} needs {segments} segments, {device} takes {device.MaxSegments}");
            }

            if (placement.Format is { } format)
            {
                Assert.Contains(placement.Modifier!, device.ModifiersFor(format));
                Assert.All(placement.Planes, p => Assert.Equal(0, p.Pitch % device.PitchAlignment));
            }
        }

        Assert.Equal(0, placement.Size % placement.Alignment);
        if (placement.Format is { } f)
        {
            Assert.True(request.Formats is null || request.Formats.Contains(f));
            long end = 0;
            for (var i = 0; i < placement.Planes.Count; i++)
            {
                var plane = placement.Planes[i];
                Assert.True(plane.Offset >= end, "planes overlap");
                Assert.Equal(0, plane.Offset % placement.Alignment);
                Assert.True(plane.Pitch >= f.Planes[i].BytesPerRow(request.Width));
                Assert.Equal(f.Planes[i].Rows(request.Height), plane.Rows);
                end = plane.Offset + plane.Length;
            }

            Assert.True(end <= placement.Size);
        }
        else
        {
            Assert.True(placement.Size >= request.Size);
        }
    }

    internal static DeviceDescription MakeDevice(string name, int[] r)
    {
        int[] bits = [24, 32, 33, 36, 40, 48, 64];
        int? segments = (r[2] % 5) switch { 0 => null, 1 => 1, 2 => 1 + (r[2] % 64), 3 => 4096, _ => 1 + (r[2] % 3000) };
        long? segmentSize = (r[5] % 4) == 0 ? 4096L << (r[5] % 9) : null;
        var heaps = (r[6] % 3) == 0 ? null : s_heapNames.Where((_, i) => ((r[6] >> (i + 2)) & 1) == 1).ToArray();
        FormatSupport[]? formats = null;
        if (r[7] % 3 != 0)
        {
            formats = PixelFormat.All.Where((_, i) => ((r[7] >> (i + 2)) & 1) == 1)
                .Select((f, i) => new FormatSupport(f, Modifiers(r[8] >> (3 * i)))).ToArray();
        }

        return new DeviceDescription(name, hasIommu: r[0] % 3 == 0, addressBits: bits[r[1] % bits.Length], maxSegments: segments,
            maxSegmentSize: segmentSize, alignment: 1L << (r[3] % 18), pitchAlignment: 1 << (r[4] % 9),
            heaps: heaps, formats: formats?.Length == 0 ? null : formats);
    }

    private static string[] Modifiers(int bits)
    {
        var list = s_modifiers.Where((_, i) => ((bits >> i) & 1) == 1).ToArray();
        return list.Length == 0 ? ["linear"] : (bits & 8) == 0 ? list : list.Reverse().ToArray();
    }

    internal static BufferRequest MakeRequest(int[] r)
    {
        if (r[0] % 4 == 0)
        {
            return BufferRequest.ForSize(1 + ((long)r[1] * r[2] % (300L << 20)));
        }

        var width = 1 + (r[1] % 4000);
        var height = 1 + (r[2] % 2200);
        var formats = PixelFormat.All.Where((f, i) => ((r[3] >> i) & 1) == 1 && (!f.RequiresEvenWidth || width % 2 == 0)).ToArray();
        return BufferRequest.ForImage(width, height, formats.Length == 0 ? null : formats);
    }
}
