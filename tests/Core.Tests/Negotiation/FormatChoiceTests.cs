using static PluggableDmaBuf.Core.Tests.Negotiation.Devices;

namespace PluggableDmaBuf.Core.Tests.Negotiation;

public sealed class FormatChoiceTests
{
    private static readonly DeviceDescription s_gpu = Gpu(formats: [F(PixelFormat.XR24, "tiled", "linear"), F(PixelFormat.NV12), F(PixelFormat.AR24)]);

    [Fact]
    public void The_exporters_first_shared_format_wins()
    {
        var display = Display(formats: [F(PixelFormat.AR24), F(PixelFormat.XR24)]);

        var placement = Negotiate(BufferRequest.ForImage(64, 64, null, "gpu0"), s_gpu, display).GetPlacementOrThrow();

        Assert.Same(PixelFormat.XR24, placement.Format);
    }

    [Fact]
    public void The_request_limits_the_candidates_but_not_the_order()
    {
        var display = Display(formats: [F(PixelFormat.AR24), F(PixelFormat.XR24)]);

        var placement = Negotiate(BufferRequest.ForImage(64, 64, [PixelFormat.AR24, PixelFormat.NV12], "gpu0"), s_gpu, display).GetPlacementOrThrow();

        Assert.Same(PixelFormat.AR24, placement.Format);
    }

    [Fact]
    public void The_exporters_first_common_modifier_wins()
    {
        var importer = new DeviceDescription("imp", hasIommu: true, formats: [F(PixelFormat.XR24, "linear", "tiled")]);

        var placement = Negotiate(BufferRequest.ForImage(64, 64, null, "gpu0"), s_gpu, importer).GetPlacementOrThrow();

        Assert.Equal("tiled", placement.Modifier);
    }

    [Fact]
    public void A_format_without_a_common_modifier_is_skipped_for_the_next()
    {
        var importer = new DeviceDescription("imp", hasIommu: true, formats: [F(PixelFormat.XR24, "compressed"), F(PixelFormat.NV12)]);

        var placement = Negotiate(BufferRequest.ForImage(64, 64, null, "gpu0"), s_gpu, importer).GetPlacementOrThrow();

        Assert.Same(PixelFormat.NV12, placement.Format);
        Assert.Equal("linear", placement.Modifier);
    }

    [Fact]
    public void Omitted_formats_mean_any_format_linear_only()
    {
        var any = new DeviceDescription("any", hasIommu: true);

        var placement = Negotiate(BufferRequest.ForImage(64, 64, null, "gpu0"), s_gpu, any).GetPlacementOrThrow();

        Assert.Same(PixelFormat.XR24, placement.Format);
        Assert.Equal("linear", placement.Modifier);
    }

    [Fact]
    public void The_exporter_defaults_to_the_first_participant()
    {
        var display = Display(formats: [F(PixelFormat.AR24), F(PixelFormat.XR24)]);

        var placement = Negotiate(BufferRequest.ForImage(64, 64), display, s_gpu).GetPlacementOrThrow();

        Assert.Same(PixelFormat.AR24, placement.Format);
    }

    [Fact]
    public void No_format_listed_by_all_is_a_format_conflict()
    {
        var video = new DeviceDescription("video0", formats: [F(PixelFormat.NV12), F(PixelFormat.YU12)]);
        var display = Display(formats: [F(PixelFormat.XR24)]);

        var result = Negotiate(BufferRequest.ForImage(64, 64, null, "video0"), video, display);

        Assert.Equal(ConstraintKind.Format, result.Conflict!.Constraint);
        Assert.Equal(["video0", "display0"], result.Conflict.Devices);
        Assert.Equal("no format is listed by every participant: video0 offers NV12, YU12; display0 takes XR24", result.Conflict.Message);
    }

    [Fact]
    public void An_exporter_offering_none_of_the_requested_formats_is_a_format_conflict()
    {
        var video = new DeviceDescription("video0", formats: [F(PixelFormat.NV12)]);

        var result = Negotiate(BufferRequest.ForImage(64, 64, [PixelFormat.XR24], "video0"), video);

        Assert.Equal(ConstraintKind.Format, result.Conflict!.Constraint);
        Assert.Equal(["video0"], result.Conflict.Devices);
    }

    [Fact]
    public void Shared_formats_without_a_common_modifier_are_a_modifier_conflict()
    {
        var gpu = Gpu(formats: [F(PixelFormat.XR24, "tiled")]);
        var display = Display(formats: [F(PixelFormat.XR24, "linear")]);

        var result = Negotiate(BufferRequest.ForImage(64, 64, null, "gpu0"), gpu, display);

        Assert.Equal(ConstraintKind.Modifier, result.Conflict!.Constraint);
        Assert.Equal(["gpu0", "display0"], result.Conflict.Devices);
        Assert.Equal("XR24 is listed by every participant but no modifier is common: gpu0 XR24:tiled; display0 XR24:linear", result.Conflict.Message);
    }

    [Fact]
    public void An_odd_width_skips_yuyv_when_other_formats_are_open()
    {
        var video = new DeviceDescription("video0", formats: [F(PixelFormat.YUYV), F(PixelFormat.NV12)]);

        var placement = Negotiate(BufferRequest.ForImage(63, 64, null, "video0"), video).GetPlacementOrThrow();

        Assert.Same(PixelFormat.NV12, placement.Format);
    }
}
