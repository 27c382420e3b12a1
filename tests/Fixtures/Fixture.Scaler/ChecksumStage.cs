using PluggableDmaBuf;

namespace Fixture.Scaler;

/// <summary><c>checker0:sum</c>: records the 32-bit FNV-1a hash of each frame's visible bytes, row by row without padding.</summary>
public sealed class ChecksumStage() : PipelineStage("sum", ScalerPlugin.Checker)
{
    public static readonly StageValue Sum = new("sum", StageValueFormat.Hex32, "FNV-1a of the visible rows");

    private IStageContext? _context;

    public override StagePort Input { get; } = new(ScalerPlugin.Checker, ["check"]);

    public override IReadOnlyList<StageValue> Values { get; } = [Sum];

    public override void Configure(IStageContext context) => _context = context;

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
        var buffer = frame.Input.Buffer!;
        var plane = buffer.Planes[0];
        var bytes = frame.Input.GetLinearSpan();
        var hash = 2166136261u;
        for (var y = 0; y < buffer.Height; y++)
        {
            foreach (var b in bytes.Slice((int)plane.Offset + (y * plane.Pitch), buffer.Width * 4))
            {
                hash = (hash ^ b) * 16777619u;
            }
        }

        _context!.Record(Sum, frame.Index, hash);
    }
}
