namespace PluggableDmaBuf.Core.Tests.Negotiation;

public sealed class PlaneLayoutTests
{
    public static TheoryData<string, int, int, int, long, long[], int[], int[]> Layouts => new()
    {
        // format, width, height, pitch alignment, size, offsets, pitches, rows
        { "XR24", 1920, 1080, 256, 8294400, [0], [7680], [1080] },
        { "XR24", 1921, 3, 64, 24576, [0], [7744], [3] },
        { "AR24", 1, 1, 1, 4096, [0], [4], [1] },
        { "RG16", 3, 3, 256, 4096, [0], [256], [3] },
        { "YUYV", 6, 2, 1, 4096, [0], [12], [2] },
        { "NV12", 641, 481, 64, 512000, [0, 339968], [704, 704], [481, 241] },
        { "NV12", 1920, 1080, 64, 3117056, [0, 2076672], [1920, 1920], [1080, 540] },
        { "YU12", 5, 3, 1, 12288, [0, 4096, 8192], [5, 3, 3], [3, 2, 2] },
        { "YU12", 1919, 1079, 32, 3112960, [0, 2072576, 2592768], [1920, 960, 960], [1079, 540, 540] },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Pitches_offsets_and_size_follow_the_spec(string format, int width, int height, int pitchAlignment,
        long size, long[] offsets, int[] pitches, int[] rows)
    {
        var device = new DeviceDescription("dev", hasIommu: true, pitchAlignment: pitchAlignment);
        var request = BufferRequest.ForImage(width, height, [PixelFormat.Parse(format)]);

        var placement = Devices.Negotiate(request, device).GetPlacementOrThrow();

        Assert.Equal(size, placement.Size);
        Assert.Equal(offsets, placement.Planes.Select(p => p.Offset));
        Assert.Equal(pitches, placement.Planes.Select(p => p.Pitch));
        Assert.Equal(rows, placement.Planes.Select(p => p.Rows));
    }

    [Fact]
    public void Pitch_alignment_is_the_lcm_over_all_participants()
    {
        var a = new DeviceDescription("a", hasIommu: true, pitchAlignment: 64);
        var b = new DeviceDescription("b", hasIommu: true, pitchAlignment: 256);
        var c = new DeviceDescription("c", hasIommu: true, pitchAlignment: 16);

        var placement = Devices.Negotiate(BufferRequest.ForImage(100, 10, [PixelFormat.XR24]), a, b, c).GetPlacementOrThrow();

        Assert.Equal(512, placement.Planes[0].Pitch);
    }

    [Fact]
    public void Planes_start_at_the_negotiated_alignment()
    {
        var gpu = new DeviceDescription("gpu", hasIommu: true, alignment: 65536);

        var placement = Devices.Negotiate(BufferRequest.ForImage(100, 100, [PixelFormat.NV12]), gpu).GetPlacementOrThrow();

        Assert.Equal([0, 65536], placement.Planes.Select(p => p.Offset));
        Assert.Equal(131072, placement.Size);
    }
}
