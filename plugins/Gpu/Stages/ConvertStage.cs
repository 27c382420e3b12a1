using PluggableDmaBuf.Plugins.Gpu.Conversion;

namespace PluggableDmaBuf.Plugins.Gpu.Stages;

/// <summary>
/// <c>gpu0:convert</c>: colour conversion NV12, YU12 or YUYV → XR24, BT.601 limited range unless the
/// run (<c>matrix</c>) or the source (<c>range</c>, published by the capture stage) says otherwise.
/// Reads and writes through gpu0's mappings of the two buffers.
/// </summary>
internal sealed class ConvertStage() : PipelineStage("convert", GpuPlugin.Device)
{
    private YuvToXrgbConverter? _converter;

    public override StagePort Input { get; } = new([PixelFormat.NV12, PixelFormat.YU12, PixelFormat.YUYV], [BufferUsages.Render]);

    public override StagePort Output { get; } = new([PixelFormat.XR24], [BufferUsages.Render]);

    public override void Configure(IStageContext context)
    {
        var matrix = context.GetOption("matrix") switch
        {
            null or "bt601" => YuvMatrix.Bt601,
            "bt709" => YuvMatrix.Bt709,
            var other => throw new InvalidMediaException("matrix", $"unknown colour matrix '{other}' (bt601 or bt709)"),
        };
        var range = context.GetOption("range") switch
        {
            null or "limited" => YuvRange.Limited,
            "full" => YuvRange.Full,
            var other => throw new InvalidMediaException("range", $"unknown colour range '{other}' (limited or full)"),
        };

        // Three stages share two cores here; the stage-level concurrency is the parallelism, so the
        // converter runs on the stage's own thread (see docs/benchmarks.md, colour conversion).
        _converter = new YuvToXrgbConverter(matrix, range, degreeOfParallelism: 1);
    }

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
        var input = frame.Input.Buffer!;
        var output = frame.Output.Buffer!;
        if (output.Modifier is not FormatSupport.Linear)
        {
            throw new InvalidOperationException($"gpu0 converts into linear XR24 only, but {output.Name} is {output.Modifier}");
        }

        _converter!.Convert(input.Format!, input.Width, input.Height, frame.Input.GetLinearSpan(), input.Planes,
            frame.Output.GetLinearSpan(), output.Planes[0]);
    }

    public override void Complete(IStageContext context, bool completed)
    {
        _converter?.Dispose();
        _converter = null;
    }
}
