using PluggableDmaBuf.Plugins.Display.Crc;

namespace PluggableDmaBuf.Plugins.Display.Stages;

/// <summary>
/// <c>display0:overlay</c>: the preview plane, which imports the capture device's NV12 buffers
/// directly (the hot-plug case of design §7) and captures the CRC-32 of its two planes per frame.
/// </summary>
internal sealed class OverlayPlaneStage() : PipelineStage("overlay", DisplayPlugin.Device)
{
    private readonly ScanoutCrc _crc = new();
    private IStageContext? _context;

    public override StagePort Input { get; } = new([PixelFormat.NV12], [BufferUsages.Overlay]);

    public override void Configure(IStageContext context) => _context = context;

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
        var buffer = frame.Input.Buffer!;
        Span<uint> crcs = stackalloc uint[2];
        _crc.ComputeFrame(frame.Input.GetLinearSpan(), buffer.Planes, crcs);
        _context!.ReportCrc("display0.overlay.y", frame.Index, crcs[0]);
        _context.ReportCrc("display0.overlay.uv", frame.Index, crcs[1]);
    }
}
