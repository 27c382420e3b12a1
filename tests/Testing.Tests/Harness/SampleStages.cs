namespace PluggableDmaBuf.Testing.Tests.Harness;

/// <summary>Tiny stages written the way a plugin author writes them.</summary>
internal static class SampleStages
{
    public static DeviceDescription Dev0 { get; } = new("dev0", formats: [new FormatSupport(PixelFormat.XR24)]);

    /// <summary>Fills each frame with its index.</summary>
    internal sealed class FillSource() : PipelineStage("fill", Dev0)
    {
        public override StagePort Output { get; } = new(Dev0, [BufferUsages.Render]);

        public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken) =>
            frame.Output.GetLinearSpan().Fill((byte)(frame.Index + 1));
    }

    /// <summary>Inverts every byte.</summary>
    internal sealed class Invert() : PipelineStage("invert", Dev0)
    {
        public override StagePort Input { get; } = new(Dev0, [BufferUsages.Render]);

        public override StagePort Output { get; } = new(Dev0, [BufferUsages.Render]);

        public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
        {
            var input = frame.Input.GetLinearSpan();
            var output = frame.Output.GetLinearSpan();
            for (var i = 0; i < input.Length; i++)
            {
                output[i] = (byte)~input[i];
            }
        }
    }

    /// <summary>Records the sum of the first byte of each frame.</summary>
    internal sealed class FirstByteSink() : PipelineStage("sink", Dev0)
    {
        public static readonly StageValue First = new("first", StageValueFormat.Decimal, "the first byte");

        private IStageContext? _context;

        public override StagePort Input { get; } = new(Dev0, [BufferUsages.Scanout]);

        public override IReadOnlyList<StageValue> Values { get; } = [First];

        public override void Configure(IStageContext context) => _context = context;

        public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken) =>
            _context!.Record(First, frame.Index, frame.Input.GetLinearSpan()[0]);
    }
}
