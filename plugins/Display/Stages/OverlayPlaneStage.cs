using PluggableDmaBuf.Plugins.Display.Crc;

namespace PluggableDmaBuf.Plugins.Display.Stages;

/// <summary>
/// <c>display0:overlay</c>: the preview plane, which imports NV12 buffers directly (in the default
/// pipeline, the capture device's, from a late frame on: the hot-plug case) and records the CRC-32 of
/// its two planes per frame.
/// </summary>
internal sealed class OverlayPlaneStage() : PipelineStage("overlay", DisplayPlugin.Device)
{
    internal static readonly StageValue CrcY = new("crc-y", StageValueFormat.Hex32, "CRC-32 of the luma plane");

    internal static readonly StageValue CrcUv = new("crc-uv", StageValueFormat.Hex32, "CRC-32 of the interleaved chroma plane");

    private readonly ScanoutCrc _crc = new();
    private IStageContext? _context;

    public override string Description => "Shows NV12 frames on display0's overlay plane: CRC-32 of each plane per frame.";

    public override StagePort Input { get; } = new(DisplayPlugin.Device, [BufferUsages.Overlay], [new FormatSupport(PixelFormat.NV12)]);

    public override IReadOnlyList<StageValue> Values { get; } = [CrcY, CrcUv];

    public override void Configure(IStageContext context) => _context = context;

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
        var buffer = frame.Input.Buffer!;
        Span<uint> crcs = stackalloc uint[2];
        _crc.ComputeFrame(frame.Input.GetLinearSpan(), buffer.Planes, crcs);
        _context!.Record(CrcY, frame.Index, crcs[0]);
        _context.Record(CrcUv, frame.Index, crcs[1]);
    }
}
