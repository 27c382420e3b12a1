using PluggableDmaBuf.Plugins.Video.Patterns;
using PluggableDmaBuf.Plugins.Video.Y4m;

namespace PluggableDmaBuf.Plugins.Video.Stages;

/// <summary>
/// <c>video0:capture</c>: writes each frame — a test pattern or the next frame of a Y4M file — into
/// the shared buffer through video0's own mapping. A file brings its own size and colour range, and
/// loops when it is shorter than the run.
/// </summary>
internal sealed class CaptureStage() : PipelineStage("capture", VideoPlugin.Device)
{
    private const string TestPatternPrefix = "testpattern";

    internal static readonly StageProperty<string> Source = StageProperty.String("source", "testpattern:smpte",
        "testpattern, testpattern:smpte, testpattern:ball, or a .y4m file (4:2:0, 8-bit)");

    private TestPatternGenerator? _generator;
    private TestPattern _pattern;
    private Y4mReader? _reader;

    public override string Description => "Captures a test pattern or a Y4M file into video0's buffers.";

    public override StagePort Output { get; } = new(VideoPlugin.Device, [BufferUsages.Capture]);

    public override IReadOnlyList<StageProperty> Properties { get; } = [Source];

    public override void Configure(IStageContext context)
    {
        var source = context.Options.Get(Source);
        if (source.Equals(TestPatternPrefix, StringComparison.OrdinalIgnoreCase))
        {
            _pattern = TestPatternNames.Default;
        }
        else if (source.StartsWith(TestPatternPrefix + ":", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                _pattern = TestPatternNames.Parse(source[(TestPatternPrefix.Length + 1)..]);
            }
            catch (InvalidConstraintException e)
            {
                throw new InvalidMediaException(source, e.Reason, e);
            }
        }
        else if (source.EndsWith(".y4m", StringComparison.OrdinalIgnoreCase))
        {
            _reader = Y4mReader.Open(source, loop: true);
        }
        else
        {
            throw new InvalidMediaException(source,
                "unknown source (expected testpattern, testpattern:smpte, testpattern:ball or a .y4m file)");
        }
    }

    public override StreamCaps ResolveOutput(IStageContext context, LinkCaps? input) => _reader is { Header: var header }
        ? new StreamCaps(header.Width, header.Height, range: header.ColourRange is Y4mColourRange.Full ? ColourRange.Full : ColourRange.Limited)
        : context.DefaultCaps;

    public override void Start(IStageContext context)
    {
        var caps = context.OutputCaps!;
        if (_reader is null)
        {
            _generator = new TestPatternGenerator(_pattern, caps.Format, caps.Width, caps.Height);
        }
    }

    public override void ProcessFrame(in StageFrame frame, CancellationToken cancellationToken)
    {
        var buffer = frame.Output.Buffer!;
        var bytes = frame.Output.GetLinearSpan();
        if (_reader is { } reader)
        {
            reader.ReadFrame(bytes, buffer.Format!, buffer.Planes);
            return;
        }

        _generator!.Render(bytes, buffer.Planes, frame.Index);
    }

    public override void Complete(IStageContext context, bool completed)
    {
        _reader?.Dispose();
        _reader = null;
    }
}
