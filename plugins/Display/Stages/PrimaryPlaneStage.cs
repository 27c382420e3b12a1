using System.Globalization;
using PluggableDmaBuf.Plugins.Display.Crc;
using PluggableDmaBuf.Plugins.Display.Snapshots;

namespace PluggableDmaBuf.Plugins.Display.Stages;

/// <summary>
/// <c>display0:primary</c>: scans out each frame through display0's mapping, captures its CRC-32
/// (like a display controller's CRC capture) and writes PNG snapshots: the last frame's, and every
/// <c>snapshotEvery</c> frames when set.
/// </summary>
internal sealed class PrimaryPlaneStage() : PipelineStage("primary", DisplayPlugin.Device)
{
    private readonly ScanoutCrc _crc = new();
    private readonly PngSnapshotWriter _png = new();
    private IStageContext? _context;
    private int _snapshotEvery;

    public override StagePort Input { get; } = new([PixelFormat.XR24, PixelFormat.AR24], [BufferUsages.Scanout]);

    public override void Configure(IStageContext context)
    {
        _context = context;
        var every = context.GetOption("snapshotEvery");
        _snapshotEvery = every is null ? 0 : int.Parse(every, CultureInfo.InvariantCulture);
    }

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
        var buffer = frame.Input.Buffer!;
        var bytes = frame.Input.GetLinearSpan();
        _context!.ReportCrc("display0.primary", frame.Index, _crc.ComputePlane(bytes, buffer.Planes[0]));
        var last = frame.Index == _context.Frames - 1;
        if (last || (_snapshotEvery > 0 && frame.Index % _snapshotEvery == 0))
        {
            var path = Path.Combine(_context.OutputDirectory,
                last ? "display0-primary-last.png" : string.Create(CultureInfo.InvariantCulture, $"display0-primary-{frame.Index:D6}.png"));
            _png.WriteFile(bytes, buffer.Planes[0], buffer.Format!, buffer.Width, buffer.Height, path);
            _context.ReportOutput(path);
        }
    }
}
