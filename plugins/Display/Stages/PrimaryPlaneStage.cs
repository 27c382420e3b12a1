using System.Globalization;
using PluggableDmaBuf.Plugins.Display.Crc;
using PluggableDmaBuf.Plugins.Display.Snapshots;

namespace PluggableDmaBuf.Plugins.Display.Stages;

/// <summary>
/// <c>display0:primary</c>: scans out each frame through display0's mapping, records its CRC-32
/// (like a display controller's CRC capture) and writes PNG snapshots: the last frame's, and every
/// <c>snapshot-every</c> frames when set. The last frame's is encoded off the run's critical path
/// (<see cref="BackgroundSnapshot"/>), and <see cref="Complete"/> waits for it.
/// </summary>
internal sealed class PrimaryPlaneStage() : PipelineStage("primary", DisplayPlugin.Device)
{
    internal static readonly StageProperty<int> SnapshotEvery = StageProperty.Int32("snapshot-every", 0,
        "also write a PNG snapshot every N frames; 0 writes only the last frame's", minimum: 0);

    internal static readonly StageValue Crc = new("crc", StageValueFormat.Hex32, "CRC-32 of the scanned-out plane, row by row without padding");

    private readonly ScanoutCrc _crc = new();
    private readonly PngSnapshotWriter _png = new();
    private IStageContext? _context;
    private int _snapshotEvery;
    private BackgroundSnapshot? _last;

    public override string Description => "Scans frames out on display0's primary plane: CRC-32 per frame, PNG snapshots.";

    public override StagePort Input { get; } = new(DisplayPlugin.Device, [BufferUsages.Scanout],
        [new FormatSupport(PixelFormat.XR24), new FormatSupport(PixelFormat.AR24)]);

    public override IReadOnlyList<StageProperty> Properties { get; } = [SnapshotEvery];

    public override IReadOnlyList<StageValue> Values { get; } = [Crc];

    public override void Configure(IStageContext context)
    {
        _context = context;
        _snapshotEvery = context.Options.Get(SnapshotEvery);
    }

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
        var buffer = frame.Input.Buffer!;
        var bytes = frame.Input.GetLinearSpan();
        _context!.Record(Crc, frame.Index, _crc.ComputePlane(bytes, buffer.Planes[0]));
        var last = frame.Index == _context.Frames - 1;
        if (last)
        {
            _last = BackgroundSnapshot.Start(_png, bytes, buffer.Planes[0], buffer.Format!, buffer.Width, buffer.Height,
                Path.Combine(_context.OutputDirectory, "display0-primary-last.png"));
        }
        else if (_snapshotEvery > 0 && frame.Index % _snapshotEvery == 0)
        {
            var path = Path.Combine(_context.OutputDirectory, string.Create(CultureInfo.InvariantCulture, $"display0-primary-{frame.Index:D6}.png"));
            _png.WriteFile(bytes, buffer.Planes[0], buffer.Format!, buffer.Width, buffer.Height, path);
            _context.ReportOutput(path);
        }
    }

    public override void Complete(IStageContext context, bool completed)
    {
        if (_last is { } last)
        {
            _last = null;
            last.Finish();
            context.ReportOutput(last.Path);
        }
    }
}
