using PluggableDmaBuf.Plugins.Gpu.Conversion;

namespace PluggableDmaBuf.Plugins.Gpu.Stages;

/// <summary>
/// <c>gpu0:convert</c>: colour conversion NV12, YU12 or YUYV → linear XR24, keeping the frame size.
/// The matrix and range come from the properties, or, left at <c>auto</c>, from the input's stream caps
/// (a Y4M header's range), else BT.601 limited range. Reads and writes through gpu0's mappings.
/// </summary>
internal sealed class ConvertStage() : PipelineStage("convert", GpuPlugin.Device)
{
    internal static readonly StageProperty<string> Matrix = StageProperty.Choice("matrix", ["auto", "bt601", "bt709"], "auto",
        "the YCbCr matrix; auto takes the input's, else BT.601");

    internal static readonly StageProperty<string> Range = StageProperty.Choice("range", ["auto", "limited", "full"], "auto",
        "the input's sample range; auto takes the input's, else limited");

    private YuvToXrgbConverter? _converter;

    public override string Description => "Converts YUV frames to XR24 on gpu0 (BT.601 or BT.709, limited or full range).";

    public override StagePort Input { get; } = new(GpuPlugin.Device, [BufferUsages.Render],
        [new FormatSupport(PixelFormat.NV12), new FormatSupport(PixelFormat.YU12), new FormatSupport(PixelFormat.YUYV)]);

    // The kernels write rows in raster order: a tiled destination is refused when the link settles its caps.
    public override StagePort Output { get; } = new(GpuPlugin.Device, [BufferUsages.Render], [new FormatSupport(PixelFormat.XR24)]);

    public override IReadOnlyList<StageProperty> Properties { get; } = [Matrix, Range];

    public override StreamCaps ResolveOutput(IStageContext context, LinkCaps? input) =>
        new(input!.Width, input.Height);

    public override void Start(IStageContext context)
    {
        var input = context.InputCaps!.Stream;
        var matrix = context.Options.Get(Matrix) switch
        {
            "bt601" => YuvMatrix.Bt601,
            "bt709" => YuvMatrix.Bt709,
            _ => input.Matrix is ColourMatrix.Bt709 ? YuvMatrix.Bt709 : YuvMatrix.Bt601,
        };
        var range = context.Options.Get(Range) switch
        {
            "limited" => YuvRange.Limited,
            "full" => YuvRange.Full,
            _ => input.Range is ColourRange.Full ? YuvRange.Full : YuvRange.Limited,
        };

        // Three stages share two cores here; the stage-level concurrency is the parallelism, so the
        // converter runs on the stage's own thread (see docs/benchmarks.md, colour conversion).
        _converter = new YuvToXrgbConverter(matrix, range, degreeOfParallelism: 1);
    }

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
        var input = frame.Input.Buffer!;
        var output = frame.Output.Buffer!;
        _converter!.Convert(input.Format!, input.Width, input.Height, frame.Input.GetLinearSpan(), input.Planes,
            frame.Output.GetLinearSpan(), output.Planes[0]);
    }

    public override void Complete(IStageContext context, bool completed)
    {
        _converter?.Dispose();
        _converter = null;
    }
}
