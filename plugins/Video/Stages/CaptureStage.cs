using PluggableDmaBuf.Plugins.Video.Patterns;
using PluggableDmaBuf.Plugins.Video.Y4m;

namespace PluggableDmaBuf.Plugins.Video.Stages;

/// <summary>
/// <c>video0:capture</c>: writes each frame — a test pattern or the next frame of a Y4M file — into
/// the shared buffer through video0's own mapping. A file shorter than the run loops.
/// </summary>
internal sealed class CaptureStage() : PipelineStage("capture", VideoPlugin.Device)
{
    private const string TestPatternPrefix = "testpattern";

    private TestPatternGenerator? _generator;
    private TestPattern _pattern;
    private Y4mReader? _reader;

    public override StagePort Output { get; } = new([PixelFormat.NV12, PixelFormat.YU12, PixelFormat.YUYV], [BufferUsages.Capture]);

    public override (int Width, int Height)? OutputSize => _reader is { } reader ? (reader.Header.Width, reader.Header.Height) : null;

    public override void Configure(IStageContext context)
    {
        var source = context.GetOption("source") ?? TestPatternPrefix;
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
            context.Publish("range", _reader.Header.ColourRange switch
            {
                Y4mColourRange.Full => "full",
                _ => "limited",
            });
        }
        else
        {
            throw new InvalidMediaException(source,
                "unknown source (expected testpattern, testpattern:smpte, testpattern:ball or a .y4m file)");
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

        _generator ??= new TestPatternGenerator(_pattern, buffer.Format!, buffer.Width, buffer.Height);
        _generator.Render(bytes, buffer.Planes, frame.Index);
    }

    public override void Complete(IStageContext context, bool completed)
    {
        _reader?.Dispose();
        _reader = null;
    }
}
